import { attachDeclarativeShadowRoots } from './crm/fixtures';
import {
  contactFromContainer,
  emailsOnPage,
  normalisePhone,
  phoneFromTelHref,
  samePhone,
  telLinkFromEventTarget,
} from '../../../lib/sites/tel';

function html(markup: string): Document {
  const doc = new DOMParser().parseFromString(`<!DOCTYPE html><html><body>${markup}</body></html>`, 'text/html');
  attachDeclarativeShadowRoots(doc);
  return doc;
}

describe('phoneFromTelHref', () => {
  it.each([
    ['tel:+1%20555%20010%204477', '+15550104477'],
    ['tel:+1-555-010-4477', '+15550104477'],
    ['tel:+1.555.010.4477', '+15550104477'],
    ['tel:+1%20(555)%20010-4477', '+15550104477'],
    ['TEL:+15550104477', '+15550104477'],
    ['tel:(555) 010-4477', '5550104477'],
    ['tel:030 1234567', '0301234567'],
    ['tel:0049 30 1234567', '+49301234567'],
    ['tel:+49%20(0)30%2055501%2077', '+49305550177'],
    ['tel:+1-555-010-4477;ext=12', '+15550104477'],
    ['tel:+15550104477,,12', '+15550104477'],
    ['tel:+15550104477p12', '+15550104477'],
    ['tel:+49\u00a030\u00a01234567', '+49301234567'],
  ])('%j → %s', (href, phone) => {
    expect(phoneFromTelHref(href)).toBe(phone);
  });

  it.each([[''], [null], [undefined], ['mailto:a@b.test'], ['tel:'], ['tel:12'], ['tel:%E0%A4%A'], ['tel:1-800-FLOWERS'], ['https://x.test/tel:123456']])(
    '%j → undefined',
    (href) => {
      expect(phoneFromTelHref(href)).toBeUndefined();
    },
  );

  it('normalises labelled text too', () => {
    expect(normalisePhone('+49 170 5550123')).toBe('+491705550123');
    expect(normalisePhone('+1 555 010 4477 ext. 3')).toBe('+15550104477');
    expect(normalisePhone('call me')).toBeUndefined();
  });
});

describe('samePhone', () => {
  it.each([
    ['+1 555 010 4477', '(555) 010-4477', true],
    ['+15550104477', '+1-555-010-4477', true],
    ['+49 30 1234567', '030 1234567', true],
    ['+49 30 1234567', '0049 30 1234567', true],
    ['+44 20 7946 0958', '020 7946 0958', true],
    ['+49 170 5550123', '0170 5550123', true],
    ['+1 555 010 4477', '+1 555 010 4478', false],
    ['+49 30 1234567', '+33 30 1234567', false], // both international: all digits compared
    ['1234567', '+49 30 1234567', false], // too short to compare by tail
    ['5550123', '5550123', true],
    ['', '', false],
    [null, '+15550104477', false],
  ])('%j ~ %j → %s', (a, b, same) => {
    expect(samePhone(a, b)).toBe(same);
  });
});

describe('telLinkFromEventTarget', () => {
  it('finds the link around a click on its child', () => {
    const doc = html('<p><a href="tel:+1%20555%20010%204477"><span id="t">Call</span></a></p>');
    const hit = telLinkFromEventTarget(doc.getElementById('t'));
    expect(hit?.phone).toBe('+15550104477');
    expect(hit?.anchor.tagName).toBe('A');
  });

  it('accepts a text node target', () => {
    const doc = html('<a href="tel:0301234567">030 1234567</a>');
    const text = doc.querySelector('a')?.firstChild ?? null;
    expect(telLinkFromEventTarget(text)?.phone).toBe('0301234567');
  });

  it('crosses open shadow roots to the host', () => {
    const doc = html(
      '<a href="tel:+15550102299"><x-phone id="host"><template shadowrootmode="open"><span id="inner">(555) 010-2299</span></template></x-phone></a>',
    );
    const inner = doc.getElementById('host')?.shadowRoot?.getElementById('inner') ?? null;
    expect(inner).not.toBeNull();
    expect(telLinkFromEventTarget(inner)?.phone).toBe('+15550102299');
  });

  it('finds links inside shadow roots (composedPath()[0])', () => {
    const doc = html(
      '<lightning-formatted-phone id="host"><template shadowrootmode="open"><a href="tel:+15550102299"><b>x</b></a></template></lightning-formatted-phone>',
    );
    const b = doc.getElementById('host')?.shadowRoot?.querySelector('b') ?? null;
    expect(telLinkFromEventTarget(b)?.phone).toBe('+15550102299');
  });

  it.each([
    ['<a id="t" href="mailto:a@b.test">mail</a>'],
    ['<a id="t" href="tel:">empty</a>'],
    ['<span id="t">+1 555 010 4477</span>'],
  ])('null for %s', (markup) => {
    expect(telLinkFromEventTarget(html(markup).getElementById('t'))).toBeNull();
  });

  it('null for null and non-node targets', () => {
    expect(telLinkFromEventTarget(null)).toBeNull();
    expect(telLinkFromEventTarget(new EventTarget())).toBeNull();
  });
});

describe('emailsOnPage', () => {
  it('collects mailto links and visible addresses, lower-cased, deduped, in order', () => {
    const doc = html(`
      <h1>Deal: Globex</h1>
      <a href="mailto:Dana.Prospect@globex.test?subject=Hi">Dana</a>
      <p>Contact: dana.prospect@globex.test, or HANK.SCORPIO@Globex.test.</p>
      <p>Finance (ap+invoices@initech.test)</p>
      <script>var x = "hidden@script.test";</script>
      <template><p>tpl@template.test</p></template>
      <x-card id="h"><template shadowrootmode="open"><span>shadow@initech.test</span></template></x-card>
      <p>Not addresses: user@localhost, @handle, a@b, foo@bar.c, name@host.test-</p>
    `);
    expect(emailsOnPage(doc)).toEqual([
      'dana.prospect@globex.test',
      'hank.scorpio@globex.test',
      'ap+invoices@initech.test',
      'shadow@initech.test',
    ]);
  });

  it('returns an empty list for a page without addresses', () => {
    expect(emailsOnPage(html('<p>No mail here</p>'))).toEqual([]);
  });
});

describe('contactFromContainer', () => {
  it('reads mailto, tel and labelled phones, deduplicating equal numbers', () => {
    const doc = html(`<li id="c">
      <a href="mailto:x@initech.test">x</a>
      <a href="tel:+15550100001">call</a>
      <div><span>Phone</span><span>(555) 010-0001</span></div>
      <div><span>Mobile:</span><span>+1 555 010 0002</span></div>
    </li>`);
    expect(contactFromContainer(doc.getElementById('c') as Element, 'X')).toEqual({
      email: 'x@initech.test',
      name: 'X',
      phones: ['+15550100001', '+15550100002'],
    });
  });

  it('reads schemes and labels in any case', () => {
    const doc = html(`<li id="c">
      <a href="MAILTO:Y@Initech.test">y</a>
      <a href="Tel:+15550100003">call</a>
      <a href="TEL:+15550100004">call</a>
      <div><span>MOBILE PHONE</span><span>+1 555 010 0005</span></div>
    </li>`);
    expect(contactFromContainer(doc.getElementById('c') as Element, 'Y')).toEqual({
      email: 'y@initech.test',
      name: 'Y',
      phones: ['+15550100003', '+15550100004', '+15550100005'],
    });
    const labelled = html(`<li id="d"><div><span>E-MAIL</span><span>z@initech.test</span></div></li>`);
    expect(contactFromContainer(labelled.getElementById('d') as Element, undefined).email).toBe('z@initech.test');
  });

  it('finds a tel: link clicked in any case', () => {
    const doc = html(`<a id="t" href="TEL:+15550100006"><span id="s">call</span></a>`);
    expect(telLinkFromEventTarget(doc.getElementById('s'))?.phone).toBe('+15550100006');
  });
});
