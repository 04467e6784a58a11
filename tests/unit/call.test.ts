import { createCall, type Request } from '../../lib/call';

describe('createCall: the caller side of the contract', () => {
  it('sends the request by name with its arguments, and answers the value', async () => {
    const sent: Request[] = [];
    const call = createCall(async (m) => {
      sent.push(m);
      return { ok: true, value: { stored: 2 } };
    });
    await expect(call('capture', { events: [], context: undefined } as never)).resolves.toEqual({ stored: 2 });
    expect(sent).toEqual([{ dd: 1, name: 'capture', args: { events: [], context: undefined } }]);
  });

  it('sends null for a request without arguments', async () => {
    const sent: Request[] = [];
    const call = createCall(async (m) => (sent.push(m), { ok: true, value: null }));
    await call('settings' as never);
    expect(sent[0]?.args).toBeNull();
  });

  it('turns the background’s error into a rejection with its message, and no answer into one that says so', async () => {
    await expect(createCall(async () => ({ ok: false, error: 'Deal not found.' }))('markLost' as never, {} as never)).rejects.toThrow('Deal not found.');
    await expect(createCall(async () => undefined)('markLost' as never, {} as never)).rejects.toThrow('No answer from the background for "markLost".');
  });
});
