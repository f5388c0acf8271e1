// Feed URLs may carry credentials (https://user:pass@host/feed, ?token=…). The configured URL
// is what the poller fetches; everywhere else — logs, errors, the database — gets this form.

const MASK = '***';

/** Query parameters whose name says their value is a secret (token, api_key, access_token, sig…). */
const SECRET_PARAM = /token|key|secret|pass|pwd|auth|sig|session|credential|private/i;

const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#@\s]*)@/i;

function maskQuery(query: string): string {
  return query
    .split(/([&;])/)
    .map((part) => {
      const eq = part.indexOf('=');
      if (eq <= 0) return part;
      let name: string;
      try {
        name = decodeURIComponent(part.slice(0, eq).replace(/\+/g, ' '));
      } catch {
        name = part.slice(0, eq);
      }
      return SECRET_PARAM.test(name) && part.length > eq + 1 ? `${part.slice(0, eq)}=${MASK}` : part;
    })
    .join('');
}

/**
 * `url` with the user-info part and secret-named query values replaced by `***`; any other
 * URL comes back exactly as given (so it stays the same key in the database).
 */
export function redactUrl(url: string): string {
  let out = url.replace(USERINFO, (_m, scheme: string) => `${scheme}${MASK}@`);
  const q = out.indexOf('?');
  if (q >= 0) {
    const hash = out.indexOf('#', q);
    const end = hash >= 0 ? hash : out.length;
    out = out.slice(0, q + 1) + maskQuery(out.slice(q + 1, end)) + out.slice(end);
  }
  return out;
}

/** The error with any credentials in the URLs it quotes (a feed's, a redirect's) masked; changed in place. */
export function withoutCredentials(err: unknown): Error {
  const e = err instanceof Error ? err : new Error(String(err));
  e.message = redactUrlsIn(e.message);
  if (e.stack) e.stack = redactUrlsIn(e.stack);
  return e;
}

/** `text` (an error message, a log line) with every URL in it redacted. */
export function redactUrlsIn(text: string): string {
  // A bounded scheme keeps this linear on text like "a.a.a.a…" (every dot a new start).
  return text.replace(/\b[a-z][a-z0-9+.-]{0,31}:\/\/[^\s"'<>`]+/gi, (u) => {
    // Punctuation closing the sentence around a URL is not part of it.
    let end = u.length;
    while (end > 0 && ').,;:!?'.includes(u[end - 1]!)) end--;
    return redactUrl(u.slice(0, end)) + u.slice(end);
  });
}
