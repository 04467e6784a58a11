/**
 * After the extension is installed or updated, tabs already open on Gmail or a CRM run no
 * content script (or the previous version's, now cut off): they would capture nothing until
 * the rep reloads them. So the background runs the content scripts in every open matching tab.
 */
import { browser } from 'wxt/browser';

export interface ScriptSpec {
  matches: string[];
  js: string[];
}

export interface OpenTab {
  id?: number;
  url?: string;
}

/** Which script files go into which tab: one injection per tab and file, in the manifest's order. */
export function reinjectionPlan(scripts: readonly ScriptSpec[], tabsByPattern: ReadonlyMap<string, readonly OpenTab[]>): { tabId: number; file: string }[] {
  const plan: { tabId: number; file: string }[] = [];
  const seen = new Set<string>();
  for (const script of scripts) {
    for (const pattern of script.matches) {
      for (const tab of tabsByPattern.get(pattern) ?? []) {
        if (tab.id === undefined || !tab.url?.startsWith('https://')) continue;
        for (const file of script.js) {
          const key = `${tab.id} ${file}`;
          if (seen.has(key)) continue;
          seen.add(key);
          plan.push({ tabId: tab.id, file });
        }
      }
    }
  }
  return plan;
}

/** Run the manifest's and the registered (extra CRM host) content scripts in open matching tabs. */
export async function reinjectContentScripts(): Promise<number> {
  const manifest = browser.runtime.getManifest();
  const scripts: ScriptSpec[] = (manifest.content_scripts ?? []).map((c) => ({ matches: c.matches ?? [], js: c.js ?? [] }));
  try {
    const registered = await browser.scripting.getRegisteredContentScripts();
    // (A registered style sheet alone, lib/background/room.ts, has no script to run.)
    for (const r of registered) if (r.js?.length) scripts.push({ matches: r.matches ?? [], js: r.js });
  } catch {
    // No registered scripts to add.
  }
  const tabsByPattern = new Map<string, OpenTab[]>();
  for (const pattern of new Set(scripts.flatMap((s) => s.matches))) {
    tabsByPattern.set(pattern, await browser.tabs.query({ url: pattern }).catch(() => []));
  }
  const plan = reinjectionPlan(scripts, tabsByPattern);
  let ran = 0;
  for (const { tabId, file } of plan) {
    // A tab closed or navigated away meanwhile, or a page the browser protects: skip it.
    await browser.scripting.executeScript({ target: { tabId }, files: [file as never] }).then(
      () => void (ran += 1),
      () => undefined,
    );
  }
  return ran;
}
