import { customHostMatches, customHostProblem } from '../../lib/custom-hosts';
import { ancestorOrigin, framedByItsPage } from '../../components/sidebar/Sidebar';

describe('custom CRM hosts', () => {
  it.each([
    ['crm.example.com', undefined],
    ['acme.zendesk.com', undefined],
    ['', 'Type a host name like crm.example.com.'],
    ['https://crm.example.com', '"https://crm.example.com" is not a host name like crm.example.com.'],
    ['crm.example.com/path', '"crm.example.com/path" is not a host name like crm.example.com.'],
    ['localhost', '"localhost" is not a host name like crm.example.com.'],
    ['mail.google.com', 'mail.google.com is already supported.'],
    ['acme.pipedrive.com', 'acme.pipedrive.com is already supported.'],
    ['acme.lightning.force.com', 'acme.lightning.force.com is already supported.'],
  ])('%j → %j', (host, problem) => {
    expect(customHostProblem(host)).toBe(problem);
  });

  it.each(['app-eu1.hubspot.com', 'app-na2.hubspot.com', 'pipedrive.com', 'lightning.force.com'])(
    '%s is refused: the background reads it as a CRM of its own, or a built-in script runs there too',
    (host) => {
      expect(customHostProblem(host)).toMatch(/cannot be an extra host|already supported/);
    },
  );

  it("says a CRM's regional address is not read, instead of claiming it is", () => {
    expect(customHostProblem('app-eu1.hubspot.com')).toBe('Deal Debrief reads HubSpot only at its main address for now, not app-eu1.hubspot.com; it cannot be an extra host either.');
  });

  it('asks only for https on exactly those hosts', () => {
    expect(customHostMatches(['crm.example.com', 'acme.zendesk.com'])).toEqual(['https://crm.example.com/*', 'https://acme.zendesk.com/*']);
  });
});

describe('the sidebar shows data only beside its own page', () => {
  const ctx = { site: 'custom', url: 'https://crm.example.com/deals/1', view: 'other', status: 'ok', participants: [], captured: 0 } as const;
  it.each([
    ['https://crm.example.com', true],
    ['https://evil.example.net', false],
    ['https://crm.example.com:8443', false],
    // A frame whose parent the browser does not name could sit in any page: untrusted.
    [undefined, false],
  ])('framed by %s → %s', (origin, ok) => {
    expect(framedByItsPage({ ...ctx, participants: [] }, origin)).toBe(ok);
  });
});

describe('the origin of the page framing the sidebar', () => {
  /** A window as the sidebar sees itself: what the browser names, and where it sits. */
  function frameWindow({ ancestors, referrer = '', depth }: { ancestors?: string[]; referrer?: string; depth: 0 | 1 | 2 }): Window {
    const top = {} as Window;
    const middle = { top } as unknown as Window;
    const self = {
      location: { ancestorOrigins: ancestors && { length: ancestors.length, item: (i: number) => ancestors[i] ?? null } },
      document: { referrer },
      top,
    } as unknown as Window & { parent: Window };
    self.parent = depth === 0 ? self : depth === 1 ? top : middle;
    if (depth === 0) (self as { top: Window }).top = self;
    return self;
  }

  it('is the first ancestor the browser names (Chrome, and Firefox where it names them)', () => {
    expect(ancestorOrigin(frameWindow({ ancestors: ['https://mail.google.com'], referrer: 'https://x.test/', depth: 1 }), 'https://y.test')).toBe('https://mail.google.com');
  });

  it('is the referrer’s origin where no ancestor is named', () => {
    expect(ancestorOrigin(frameWindow({ referrer: 'https://crm.example.com/deals/1', depth: 1 }), undefined)).toBe('https://crm.example.com');
  });

  it('is the tab’s page where neither is named and the frame sits directly in the top page (Firefox ESR 140)', () => {
    // Firefox ESR 140 names no ancestor and gives an extension frame no referrer: the sidebar
    // showed nothing beside Gmail there.
    expect(ancestorOrigin(frameWindow({ ancestors: [], depth: 1 }), 'https://mail.google.com')).toBe('https://mail.google.com');
  });

  it('stays unnamed for a frame nested in another frame, or shown on its own, or when the tab’s page is unknown', () => {
    expect(ancestorOrigin(frameWindow({ depth: 2 }), 'https://mail.google.com')).toBeUndefined();
    expect(ancestorOrigin(frameWindow({ depth: 0 }), 'https://mail.google.com')).toBeUndefined();
    expect(ancestorOrigin(frameWindow({ depth: 1 }), undefined)).toBeUndefined();
  });
});
