import 'fake-indexeddb/auto';
import { configure, getConfig, prettyDOM } from '@testing-library/preact/pure';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach } from 'vitest';
import { forgetReadMessages } from '../lib/sites/gmail/parse';

/**
 * A `findBy…` query (and `waitFor` around a `getBy…`) runs again on every DOM change while it
 * waits, and each miss builds its error with the whole page printed into the message: on the
 * reflection page that printing was a third of a test's time, and under load the waits ran out.
 * The page is printed only when the message is read — when the wait finally fails — with the
 * same text as the library's own.
 */
configure({
  getElementError(message, container) {
    const error = new Error();
    error.name = 'TestingLibraryElementError';
    let text: string | undefined;
    Object.defineProperty(error, 'message', {
      configurable: true,
      enumerable: false,
      get: () => (text ??= [message, `Ignored nodes: comments, ${getConfig().defaultIgnore}\n${prettyDOM(container)}`].filter(Boolean).join('\n\n')),
      set: (value: string) => {
        text = value;
      },
    });
    return error;
  },
});

beforeEach(() => {
  fakeBrowser.reset();
  // Each test reads its pages afresh: the thread parser keeps what it read under message ids,
  // and fixtures share ids.
  forgetReadMessages();
});
