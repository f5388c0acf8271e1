// Cheap looks at the start of a body to tell XML, JSON, HTML and plain text apart without parsing.

/** The body without a leading BOM and whitespace. */
export function trimStart(body: string): string {
  return body.replace(/^[\ufeff\s]+/, '');
}

/** XML declarations, comments and processing instructions that may precede the root element. */
const PROLOG = /^(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->)*/;

const DOCTYPE = /^<!doctype\s[^[>]*(?:\[[\s\S]*?\])?\s*>/i;
const FEED_ROOT = /^<(?:[\w.-]+:)?(?:rss|feed|RDF)[\s>/]/;

/** True for an HTML page (an error page, a login wall, a site's front page) rather than a feed. */
export function looksLikeHtml(body: string): boolean {
  const head = trimStart(body).slice(0, 4096).replace(PROLOG, '');
  // Feeds copied from templates sometimes keep an XHTML DOCTYPE: the root element decides.
  if (FEED_ROOT.test(head.replace(DOCTYPE, '').replace(PROLOG, ''))) return false;
  return /^<!doctype\s+html[\s>]/i.test(head) || /^<(html|head|body)[\s>]/i.test(head);
}

/** True when the body is markup or a JSON object: parseFeed's business, not the plain-text snapshot reader's. */
export function looksLikeXmlOrJson(body: string): boolean {
  const head = trimStart(body);
  return head.startsWith('<') || head.startsWith('{');
}
