import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { call } from '../../lib/messaging';
import { customHostProblem } from '../../lib/custom-hosts';

/**
 * Other CRM hosts: the browser is asked for that host's permission at the moment the rep adds
 * it (optional host permissions), then the sidebar and `tel:` capture run there too.
 */
export function CustomHosts() {
  const [hosts, setHosts] = useState<string[]>([]);
  const [input, setInput] = useState('');
  const [message, setMessage] = useState<string>();
  useEffect(() => void call('getSettings', undefined).then((s) => setHosts(s.customCrmHosts)), []);
  const add = () => {
    const host = input.trim().toLowerCase();
    const problem = customHostProblem(host);
    if (problem) return setMessage(problem);
    // The permission request must run inside the click: no await before it.
    browser.permissions.request({ origins: [`https://${host}/*`] }).then(
      async (granted) => {
        if (!granted) return setMessage(`Access to ${host} was not granted; nothing changed.`);
        const result = await call('addCustomHost', { host });
        setHosts(result.hosts);
        setInput('');
        setMessage(`Added ${host}. Reload its tabs to see the sidebar.`);
      },
      (e: Error) => setMessage(e.message),
    );
  };
  const remove = async (host: string) => {
    const result = await call('removeCustomHost', { host });
    await browser.permissions.remove({ origins: [`https://${host}/*`] }).catch(() => false);
    setHosts(result.hosts);
  };
  return (
    <fieldset>
      <legend>Other CRM hosts</legend>
      <p class="small muted">HubSpot, Salesforce Lightning and Pipedrive work out of the box. Add another web CRM's host to get the sidebar and call logging there.</p>
      <ul class="plain">
        {hosts.map((h) => (
          <li key={h} class="row">
            <span>{h}</span>
            <button type="button" onClick={() => void remove(h)}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      <div class="row">
        <label class="inline" for="custom-host">
          Host
        </label>
        <input id="custom-host" type="text" placeholder="crm.example.com" value={input} onInput={(e) => setInput((e.currentTarget as HTMLInputElement).value)} />
        <button type="button" onClick={add}>
          Add host
        </button>
      </div>
      {message ? <p role="status">{message}</p> : null}
    </fieldset>
  );
}
