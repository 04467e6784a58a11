/** The autosave's timing with fake timers: no test waits for a real debounce. */
import { AUTOSAVE_DELAY_MS, RETRY_DELAY_MS, createAutosave, type SendResult } from '../../components/autosave';

function setup(send: (draft: string) => Promise<SendResult> = async () => ({ ok: true })) {
  let draft = 'a';
  const sent: string[] = [];
  const autosave = createAutosave<string>({
    current: () => draft,
    send: (d) => {
      sent.push(d);
      return send(d);
    },
    now: () => 0,
  });
  return {
    autosave,
    sent,
    edit(text: string) {
      draft = text;
      autosave.changed();
    },
  };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('autosave', () => {
  it('sends once after the debounce, with the latest draft, however many edits came before', async () => {
    const { sent, edit } = setup();
    edit('Mu');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS - 1);
    edit('Multi');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS - 1);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual(['Multi']);
  });

  it('flush sends at once and leaves nothing for the timer', async () => {
    const { autosave, sent, edit } = setup();
    edit('Own it');
    await autosave.flush();
    expect(sent).toEqual(['Own it']);
    expect(autosave.save.value.kind).toBe('saved');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS * 2);
    expect(sent).toEqual(['Own it']);
  });

  it('retries a failed send after the retry delay; a refused one waits for the next edit', async () => {
    let fail: 'throw' | 'refuse' | undefined = 'throw';
    const { autosave, sent, edit } = setup(async () => {
      if (fail === 'throw') throw new Error('background asleep');
      if (fail === 'refuse') return { ok: false, message: 'Contract term must be 1 to 120 months.' };
      return { ok: true };
    });
    edit('x');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    expect(autosave.save.value.kind).toBe('error');
    fail = undefined;
    await vi.advanceTimersByTimeAsync(RETRY_DELAY_MS);
    expect(sent).toEqual(['x', 'x']);
    expect(autosave.save.value.kind).toBe('saved');

    fail = 'refuse';
    edit('y');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS + RETRY_DELAY_MS * 2);
    expect(sent).toEqual(['x', 'x', 'y']);
    expect(autosave.pending()).toBe(true);
  });
});
