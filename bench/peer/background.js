/** The peer's background: counts what it receives (its storage is not what this baseline measures). */
let received = 0;
globalThis.chrome.runtime.onMessage.addListener((m) => {
  received += m.captured?.length ?? 0;
});
globalThis.peerReceived = () => received;
