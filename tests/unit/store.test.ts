import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '../../wxt.config';

const ROOT = join(import.meta.dirname, '../..');
const store = (file: string) => readFileSync(join(ROOT, 'store', file), 'utf8');

type Manifest = Record<string, unknown> & { permissions?: string[]; host_permissions?: string[]; optional_permissions?: string[]; optional_host_permissions?: string[] };

function manifest(browser: 'chrome' | 'firefox'): Manifest {
  const make = config.manifest as (env: { browser: string; mode: string; manifestVersion: number; command: string }) => Manifest;
  return make({ browser, mode: 'production', manifestVersion: browser === 'firefox' ? 2 : 3, command: 'build' });
}

/** Everything a store reviewer sees asked for: permissions, hosts, optional ones. */
function asked(m: Manifest): string[] {
  return [...(m.permissions ?? []), ...(m.host_permissions ?? []), ...(m.optional_permissions ?? []), ...(m.optional_host_permissions ?? [])];
}

describe('store texts', () => {
  it('explain every permission and host each build asks for, and nothing it no longer asks for', () => {
    const explained = new Set([...store('permissions.md').matchAll(/^- `([^`]+)`/gm)].map((m) => m[1]!));
    const wanted = new Set([...asked(manifest('chrome')), ...asked(manifest('firefox'))]);
    const keys = new Set(['web_accessible_resources: sidebar.html', 'commands', 'sidebar_action']);
    expect([...wanted].filter((p) => !explained.has(p))).toEqual([]);
    expect([...explained].filter((p) => !wanted.has(p) && !keys.has(p))).toEqual([]);
  });

  it('keep the short description within the stores’ 132 characters and say nothing leaves the browser', () => {
    const short = store('listing.md').split('## Short description')[1]!.split('\n## ')[0]!.replace(/^.*\n/, '').trim();
    expect(short.length).toBeGreaterThan(20);
    expect(short.length).toBeLessThanOrEqual(132);
    expect(store('privacy.md')).toContain('Nothing is collected. Nothing is transmitted.');
    expect(JSON.stringify(manifest('firefox'))).toContain('"data_collection_permissions":{"required":["none"]}');
  });
});
