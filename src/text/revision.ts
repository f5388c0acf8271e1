// Whether a stored article's new text is a real edit (a fixed typo, an added paragraph) or
// only a different spelling of the same text: whitespace, invisible characters, compatibility
// forms (full-width letters, NBSP), HTML entity spelling and tracking parameters in links.
// Digests list real edits under "Updated"; trivial ones are never shown. Pure, linear time.

/**
 * Query parameters that only track where a click came from. Removing them never changes the
 * page: `utm_*` (Google Analytics), click ids of ad networks, newsletter tags, and `spm`
 * (Alibaba's, common on Chinese sites). Generic names such as `ref` or `from` are kept: some
 * sites use them for content.
 */
const TRACKING_PARAM =
  /^(?:utm_[a-z0-9_]*|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|twclid|igshid|mc_cid|mc_eid|_hsenc|_hsmi|mkt_tok|spm)$/i;

/**
 * The link without tracking parameters. A URL with none (or that does not parse) comes back
 * exactly as given, so identities built from links stay what they were.
 */
export function canonicalUrl(url: string): string {
  const trimmed = url.trim();
  if (!/[?&](?:utm_|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|twclid|igshid|mc_|_hs|mkt_tok|spm)/i.test(trimmed)) return trimmed;
  let u: URL;
  try {
    u = new URL(trimmed);
  } catch {
    return trimmed;
  }
  const kept = [...u.searchParams].filter(([k]) => !TRACKING_PARAM.test(k));
  if (kept.length === [...u.searchParams].length) return trimmed;
  u.search = kept.length ? new URLSearchParams(kept).toString() : '';
  return u.toString();
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Leftover entities (a feed that escapes twice, or once less) read as the characters they spell. */
function decodeEntities(s: string): string {
  return s.replace(/&(#[0-9]{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,4});/gi, (m, body: string) => {
    if (body[0] !== '#') return NAMED_ENTITIES[body.toLowerCase()] ?? m;
    const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
  });
}

/** Links in running text: up to whitespace, quotes, angle brackets or CJK closing punctuation. */
const LINK_IN_TEXT = /https?:\/\/[^\s"'<>）】」』，。]+/g;

/** Han, kana, CJK punctuation and full-width forms: Chinese text puts no spaces between them. */
const CJK = '\u2e80-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef';
const SPACE_BY_CJK = new RegExp(`\\s*([${CJK}])\\s*`, 'g');

/**
 * The text as a reader sees it, reduced to what an edit must change to count. Whitespace
 * runs count as one space, and none at all beside a Chinese character (a reflowed paragraph);
 * between Latin words a space still counts ("thisis" → "this is" is a fix).
 */
export function revisionText(text: string): string {
  return decodeEntities(text)
    .normalize('NFKC')
    .replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(LINK_IN_TEXT, (link) => canonicalUrl(link))
    .replace(/\s+/g, ' ')
    .replace(SPACE_BY_CJK, '$1')
    .trim();
}

export interface Revision {
  title: string;
  text: string;
}

/** True when the title or the text changed in a way a reader would notice. */
export function isMeaningfulEdit(before: Revision, after: Revision): boolean {
  return revisionText(before.title) !== revisionText(after.title) || revisionText(before.text) !== revisionText(after.text);
}
