/**
 * What the content scripts carry into every Gmail and CRM page, read from the production build
 * (`npm test` builds it before this stage). Their gzipped sizes are tracked by `npm run bench`;
 * this guards the two libraries that once made each of them half again as big: the
 * webextension-polyfill (the content scripts use the browser's own promise API, see
 * lib/content/ext.ts) and WXT's storage helper (pulled in by an auto-import of a name that was
 * only a parameter).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIRS = ['.output/chrome-mv3/content-scripts', '.output/chrome-mv3-test/content-scripts'];

function scripts(): { file: string; text: string }[] {
  return DIRS.flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.js')).map((f) => ({ file: join(dir, f), text: readFileSync(join(dir, f), 'utf8') })));
}

describe('the content scripts', () => {
  it('are all there: one per supported site and the custom-host one, in both builds', () => {
    const names = scripts().map((s) => s.file.split('/').slice(-3).join('/')).sort();
    for (const dir of ['chrome-mv3', 'chrome-mv3-test']) {
      expect(names.filter((n) => n.startsWith(dir + '/'))).toEqual(['custom', 'gmail', 'hubspot', 'pipedrive', 'salesforce'].map((n) => `${dir}/content-scripts/${n}.js`));
    }
  });

  it.each(['webextension-polyfill', 'Storage key should be in the form'])('carry nothing of %s', (marker) => {
    const carrying = scripts().filter((s) => s.text.includes(marker)).map((s) => s.file);
    expect(carrying).toEqual([]);
  });
});
