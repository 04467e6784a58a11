/**
 * The top of the sidebar: the product's name, the deal this page is about when there is one, and
 * a link to the settings.
 */
import { browser } from 'wxt/browser';
import type { Deal } from '../../lib/model';
import { StatusBadge } from '../ui';

function openSettings(e: MouseEvent): void {
  // The options page in its own tab (an open one is brought forward); the link's own address
  // where the browser cannot.
  if (typeof browser.runtime?.openOptionsPage !== 'function') return;
  e.preventDefault();
  Promise.resolve()
    .then(() => browser.runtime.openOptionsPage())
    .catch(() => window.open(browser.runtime.getURL('/options.html'), '_blank', 'noopener'));
}

export function Header({ deal }: { deal?: Pick<Deal, 'name' | 'status'> }) {
  return (
    <header class="sb-header" data-testid="sidebar-header">
      <div class="spread">
        {deal ? <p class="sb-product">Deal Debrief</p> : <h1 class="sb-product">Deal Debrief</h1>}
        <a href="/options.html" target="_blank" rel="noopener" class="small" data-testid="open-settings" onClick={openSettings}>
          Settings
        </a>
      </div>
      {deal ? (
        <div class="spread">
          <h1 class="sb-deal" data-testid="deal-name">
            {deal.name}
          </h1>
          <StatusBadge status={deal.status} />
        </div>
      ) : null}
    </header>
  );
}
