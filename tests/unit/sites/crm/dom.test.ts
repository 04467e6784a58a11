import { deepQuerySelectorAll, labelledValues, ownContainer, visibleText } from '../../../../lib/sites/dom';
import { attachDeclarativeShadowRoots } from './fixtures';

function html(markup: string): Document {
  const doc = new DOMParser().parseFromString(`<!DOCTYPE html><html><body>${markup}</body></html>`, 'text/html');
  attachDeclarativeShadowRoots(doc);
  return doc;
}

describe('deepQuerySelectorAll', () => {
  it('finds matches in light DOM and nested open shadow roots, in tree order', () => {
    const doc = html(`
      <p class="m" id="a"></p>
      <x-outer><template shadowrootmode="open">
        <p class="m" id="b"></p>
        <x-inner><template shadowrootmode="open"><p class="m" id="c"></p></template></x-inner>
      </template><p class="m" id="d"></p></x-outer>
      <p class="m" id="e"></p>`);
    expect(doc.querySelectorAll('.m').length).toBe(3);
    expect(deepQuerySelectorAll(doc, '.m').map((e) => e.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('returns nothing for an invalid selector instead of throwing', () => {
    expect(deepQuerySelectorAll(html('<p></p>'), 'p[')).toEqual([]);
  });
});

describe('visibleText', () => {
  it('skips assistive text, scripts and aria-hidden decoration', () => {
    const doc = html(
      '<a id="a"><span class="slds-assistive-text">Open Preview</span><span aria-hidden="true">MS</span> Morgan&nbsp; Seller<script>x()</script></a>',
    );
    expect(visibleText(doc.getElementById('a') as Element)).toBe('Morgan Seller');
  });
});

describe('labelledValues', () => {
  it.each([
    ['<div><span>Value</span><span id="v">12 500 EUR</span></div>'],
    ['<div><div><span>Value</span></div><div id="v">12 500 EUR</div></div>'],
    ['<dl><dt>Value:</dt><dd id="v">12 500 EUR</dd></dl>'],
    ['<label for="v">Value</label><input id="v" value="12 500 EUR">'],
    ['<table><tr><th>Value</th><td id="v">12 500 EUR</td></tr></table>'],
  ])('%s', (markup) => {
    const doc = html(markup);
    expect(labelledValues(doc, ['Value']).map((e) => e.id)).toEqual(['v']);
  });

  it('does not take a label that contains more than the label', () => {
    const doc = html('<div><span>Value of the deal</span><span>12</span></div>');
    expect(labelledValues(doc, ['Value'])).toEqual([]);
  });
});

describe('ownContainer', () => {
  const SEL = 'a[href*="/person/"]';
  it('climbs to the largest ancestor holding only this link', () => {
    const doc = html(`<div id="list">
      <div id="one"><div><a href="/person/1">One</a></div><a href="mailto:one@x.test">m</a></div>
      <div id="two"><div><a href="/person/2">Two</a></div><a href="mailto:two@x.test">m</a></div>
    </div>`);
    const links = deepQuerySelectorAll(doc, SEL);
    expect(links.map((l) => ownContainer(l, SEL).id)).toEqual(['one', 'two']);
  });

  it('stops at a list item and continues past a shadow root to its host', () => {
    const doc = html(`<ul><li id="card"><x-link><template shadowrootmode="open"><a href="/person/1">One</a></template></x-link>
      <a href="mailto:one@x.test">m</a></li><li><a href="/person/2">Two</a></li></ul>`);
    const link = deepQuerySelectorAll(doc, SEL)[0] as Element;
    expect(ownContainer(link, SEL).id).toBe('card');
  });
});
