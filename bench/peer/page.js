/**
 * The peer's capture, in the page's main world as gmail.js requires (it is built at
 * document_start so its XHR and embedded-data watchers start early, as its README asks). On
 * every message view and list view gmail.js reports, read sender, recipients and date through
 * gmail.js's DOM API and hand them to the relay: the minimal version of what gmail.js-based
 * trackers do.
 */
import jQuery from 'jquery';
import { Gmail } from 'gmail-js';

const gmail = new Gmail(jQuery);
const seen = new Set();
const send = (items) => {
  if (items.length) window.postMessage({ peerCapture: items }, location.origin);
};
const readEmail = (email) => {
  const id = String(email.id ?? '');
  if (!id || seen.has(id)) return;
  seen.add(id);
  send([{ id, from: email.from(), to: email.to(), date: email.$el.find('span.g3').attr('title') ?? '' }]);
};
const readList = () => {
  const rows = gmail.dom.visible_messages().filter((m) => m.thread_id && !seen.has(m.thread_id));
  for (const m of rows) seen.add(m.thread_id);
  send(rows);
};

function start() {
  gmail.observe.on('load', () => {
    gmail.observe.on('view_email', readEmail);
    gmail.observe.on('view_thread', (thread) => {
      thread.dom('opened_email').each((_i, el) => readEmail(new gmail.dom.email(jQuery(el))));
    });
    // What is on screen already.
    jQuery('div.adn.ads').each((_i, el) => readEmail(new gmail.dom.email(jQuery(el))));
    readList();
    window.addEventListener('hashchange', readList);
  });
}

if (document.body) start();
else document.addEventListener('DOMContentLoaded', start, { once: true });
