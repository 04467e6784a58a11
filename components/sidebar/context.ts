/** The sidebar's view of its page: which tab it sits in and what the content script reported. */
import { signal, type ReadonlySignal } from '@preact/signals';
import type { PageContext } from '../../lib/capture/events';
import { readTabContext, watchTabContext } from '../../lib/background/effects';
import { call } from '../../lib/messaging';

export function createPageContext(): { context: ReadonlySignal<PageContext | undefined>; tabId: ReadonlySignal<number | undefined>; dispose(): void } {
  const context = signal<PageContext | undefined>(undefined);
  const tabId = signal<number | undefined>(undefined);
  let stop = () => {};
  let disposed = false;
  void call('whoami', null).then(async ({ tabId: id }) => {
    if (disposed || id === null) return;
    tabId.value = id;
    stop = watchTabContext(id, (ctx) => (context.value = ctx));
    context.value = (await readTabContext(id)) ?? context.value;
  });
  return {
    context,
    tabId,
    dispose() {
      disposed = true;
      stop();
    },
  };
}
