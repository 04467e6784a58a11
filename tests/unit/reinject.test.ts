import { reinjectionPlan } from '../../lib/background/reinject';

describe('re-running content scripts in open tabs after install or update', () => {
  const scripts = [
    { matches: ['https://mail.google.com/*'], js: ['content-scripts/gmail.js'] },
    { matches: ['https://*.pipedrive.com/*'], js: ['content-scripts/pipedrive.js'] },
    { matches: ['https://crm.example.com/*', 'https://*.example.com/*'], js: ['content-scripts/custom.js'] },
  ];

  it('each open matching tab gets its script once, whichever patterns matched it', () => {
    const tabs = new Map([
      ['https://mail.google.com/*', [{ id: 1, url: 'https://mail.google.com/mail/u/0/#inbox' }, { id: 2, url: 'https://mail.google.com/mail/u/1/' }]],
      ['https://*.pipedrive.com/*', [{ id: 3, url: 'https://acme.pipedrive.com/deal/4' }]],
      ['https://crm.example.com/*', [{ id: 4, url: 'https://crm.example.com/d/1' }]],
      ['https://*.example.com/*', [{ id: 4, url: 'https://crm.example.com/d/1' }]],
    ]);
    expect(reinjectionPlan(scripts, tabs)).toEqual([
      { tabId: 1, file: 'content-scripts/gmail.js' },
      { tabId: 2, file: 'content-scripts/gmail.js' },
      { tabId: 3, file: 'content-scripts/pipedrive.js' },
      { tabId: 4, file: 'content-scripts/custom.js' },
    ]);
  });

  it('skips tabs without an id or not on https', () => {
    const tabs = new Map([['https://mail.google.com/*', [{ url: 'https://mail.google.com/' }, { id: 9, url: 'http://mail.google.com/' }, { id: 10 }]]]);
    expect(reinjectionPlan(scripts, tabs)).toEqual([]);
  });
});
