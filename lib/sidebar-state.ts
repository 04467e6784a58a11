/**
 * Where the sidebar's collapsed state on a site is kept: the sidebar frame keeps it per site
 * (lib/content/sidebar-frame.ts), and the background follows Gmail's (lib/background/room.ts).
 * A module of its own so that the background reads the same key without the frame's code.
 */
import type { SiteId } from './model';

export const stateKey = (site: SiteId) => `sidebarCollapsed:${site}`;
