import { customHostMatches, customHostProblem } from '../../lib/custom-hosts';
import { framedByItsPage } from '../../components/sidebar/Sidebar';

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
