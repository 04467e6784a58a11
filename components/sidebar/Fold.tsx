/**
 * A section of the sidebar that folds (native <details>/<summary>). Open at first; the rep's
 * choice is kept per section in the extension's storage (the sidebar's only storage inside a
 * frame) and applies beside every page.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';

export const foldKey = (id: string) => `sidebarFold:${id}`;

export function Fold(p: { id: string; title: ComponentChildren; summary?: ComponentChildren; children: ComponentChildren }) {
  const [open, setOpen] = useState(true);
  useEffect(() => {
    let alive = true;
    void browser.storage.local.get(foldKey(p.id)).then(
      (got) => {
        const stored = got[foldKey(p.id)];
        if (alive && typeof stored === 'boolean') setOpen(stored);
      },
      () => undefined,
    );
    return () => {
      alive = false;
    };
  }, [p.id]);
  const onToggle = (e: Event) => {
    const now = (e.currentTarget as HTMLDetailsElement).open;
    if (now === open) return; // the stored state applied, not the rep's click
    setOpen(now);
    void browser.storage.local.set({ [foldKey(p.id)]: now }).catch(() => undefined);
  };
  return (
    <details class="fold" data-fold={p.id} open={open} onToggle={onToggle}>
      <summary>
        <h2 class="fold-title">{p.title}</h2>
        {p.summary ? <span class="fold-summary small muted">{p.summary}</span> : null}
      </summary>
      <div class="fold-body">{p.children}</div>
    </details>
  );
}
