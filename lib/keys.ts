/** Natural keys: the same real-world touchpoint always gets the same key, so capture is idempotent. */

/** cyrb53: a fast, well-distributed 53-bit string hash (public domain). */
export function hash53(text: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

export function gmailMessageKey(messageId: string): string {
  return `gmail:${messageId}`;
}

/**
 * A Gmail list row's newest message. For received mail Gmail's `msg-f:` decimal id equals the
 * legacy hex id, so a row that carries `data-legacy-last-message-id`
 * gets exactly the key the message will have once the thread is opened.
 */
export function listRowKey(threadId: string, legacyLastMessageId?: string): string {
  if (legacyLastMessageId && /^[0-9a-f]{1,16}$/i.test(legacyLastMessageId)) {
    return gmailMessageKey(`msg-f:${BigInt(`0x${legacyLastMessageId}`).toString(10)}`);
  }
  return `gmail-row:${threadId}`;
}

export function sendingKey(composeId: string): string {
  return `gmail-send:${composeId}`;
}

/** Touchpoints with no id of their own: channel + participants + minute. */
export function hashedKey(channel: string, participants: string[], at: number): string {
  const minute = Math.floor(at / 60_000);
  return `h:${hash53(`${channel}|${[...participants].sort().join(',')}|${minute}`)}`;
}

/**
 * The CRM account a record URL belongs to — a HubSpot portal, a Salesforce org, a Pipedrive
 * company. Record and activity ids are only unique inside one. Undefined when the URL says none.
 */
export function crmTenant(source: 'hubspot' | 'salesforce' | 'pipedrive', url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (source === 'hubspot') return /^\/contacts\/(\d+)\//.exec(u.pathname)?.[1];
  const first = u.hostname.toLowerCase().split('.')[0];
  return first || undefined;
}

/** A CRM activity's touchpoint: CRM, tenant and the activity's own id, so a re-visit finds it. */
export function crmActivityKey(source: 'hubspot' | 'salesforce' | 'pipedrive', tenant: string | undefined, activityId: string): string {
  return `${source}:${tenant ?? '-'}:activity:${activityId}`;
}
