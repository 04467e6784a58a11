/** The peer's isolated-world relay: page messages to the background. */
window.addEventListener('message', (e) => {
  if (e.source !== window || !e.data?.peerCapture) return;
  void globalThis.chrome.runtime.sendMessage({ captured: e.data.peerCapture });
});
