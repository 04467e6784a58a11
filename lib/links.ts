/** Addresses of the rep's own records in the sites Deal Debrief works beside. Pure. */

/**
 * A Gmail URL that opens a thread: Gmail accepts the legacy hex thread id after a list route.
 * For received threads (`thread-f:<decimal>`) the decimal is that hex id; threads the rep
 * started (`thread-a:…`) have no such form, and the caller falls back to the record or contact.
 */
export function gmailThreadUrl(threadId: string): string | undefined {
  const legacy = /^legacy:([0-9a-f]{1,16})$/i.exec(threadId)?.[1];
  if (legacy) return `https://mail.google.com/mail/u/0/#all/${legacy.toLowerCase()}`;
  const decimal = /^thread-f:(\d{1,20})$/.exec(threadId)?.[1];
  if (decimal) return `https://mail.google.com/mail/u/0/#all/${BigInt(decimal).toString(16)}`;
  return undefined;
}
