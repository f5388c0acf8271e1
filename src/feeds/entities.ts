// Decodes HTML character references (named, decimal, hex) in text taken out of feed markup.

// The named references feeds actually use; anything else is left as written rather than guessed.
const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0',
  hellip: '\u2026', mdash: '\u2014', ndash: '\u2013', minus: '\u2212',
  laquo: '\u00ab', raquo: '\u00bb', lsaquo: '\u2039', rsaquo: '\u203a',
  lsquo: '\u2018', rsquo: '\u2019', sbquo: '\u201a', ldquo: '\u201c', rdquo: '\u201d', bdquo: '\u201e',
  copy: '\u00a9', reg: '\u00ae', trade: '\u2122', deg: '\u00b0', plusmn: '\u00b1',
  times: '\u00d7', divide: '\u00f7', middot: '\u00b7', bull: '\u2022', sect: '\u00a7', para: '\u00b6',
  dagger: '\u2020', Dagger: '\u2021', permil: '\u2030', prime: '\u2032', Prime: '\u2033',
  cent: '\u00a2', pound: '\u00a3', yen: '\u00a5', euro: '\u20ac', curren: '\u00a4',
  iexcl: '\u00a1', iquest: '\u00bf', shy: '\u00ad', macr: '\u00af', acute: '\u00b4', uml: '\u00a8',
  ordf: '\u00aa', ordm: '\u00ba', sup1: '\u00b9', sup2: '\u00b2', sup3: '\u00b3',
  frac14: '\u00bc', frac12: '\u00bd', frac34: '\u00be', micro: '\u00b5', not: '\u00ac', brvbar: '\u00a6',
  ensp: '\u2002', emsp: '\u2003', thinsp: '\u2009', zwnj: '\u200c', zwj: '\u200d', lrm: '\u200e', rlm: '\u200f',
  larr: '\u2190', uarr: '\u2191', rarr: '\u2192', darr: '\u2193', harr: '\u2194', rArr: '\u21d2', lArr: '\u21d0', hArr: '\u21d4',
  le: '\u2264', ge: '\u2265', ne: '\u2260', asymp: '\u2248', equiv: '\u2261', infin: '\u221e',
  sum: '\u2211', prod: '\u220f', radic: '\u221a', part: '\u2202', nabla: '\u2207', isin: '\u2208',
  forall: '\u2200', exist: '\u2203', empty: '\u2205', cap: '\u2229', cup: '\u222a', int: '\u222b',
  sub: '\u2282', sup: '\u2283', and: '\u2227', or: '\u2228', sdot: '\u22c5', prop: '\u221d', ang: '\u2220',
  Alpha: '\u0391', Beta: '\u0392', Gamma: '\u0393', Delta: '\u0394', Theta: '\u0398', Lambda: '\u039b',
  Pi: '\u03a0', Sigma: '\u03a3', Phi: '\u03a6', Psi: '\u03a8', Omega: '\u03a9',
  alpha: '\u03b1', beta: '\u03b2', gamma: '\u03b3', delta: '\u03b4', epsilon: '\u03b5', zeta: '\u03b6',
  eta: '\u03b7', theta: '\u03b8', iota: '\u03b9', kappa: '\u03ba', lambda: '\u03bb', mu: '\u03bc',
  nu: '\u03bd', xi: '\u03be', omicron: '\u03bf', pi: '\u03c0', rho: '\u03c1', sigma: '\u03c3',
  tau: '\u03c4', upsilon: '\u03c5', phi: '\u03c6', chi: '\u03c7', psi: '\u03c8', omega: '\u03c9',
  Agrave: '\u00c0', Aacute: '\u00c1', Auml: '\u00c4', Ccedil: '\u00c7', Eacute: '\u00c9', Ntilde: '\u00d1',
  Ouml: '\u00d6', Uuml: '\u00dc', szlig: '\u00df', agrave: '\u00e0', aacute: '\u00e1', acirc: '\u00e2',
  auml: '\u00e4', aring: '\u00e5', ccedil: '\u00e7', egrave: '\u00e8', eacute: '\u00e9', ecirc: '\u00ea',
  euml: '\u00eb', iacute: '\u00ed', iuml: '\u00ef', ntilde: '\u00f1', oacute: '\u00f3', ocirc: '\u00f4',
  ouml: '\u00f6', oslash: '\u00f8', uacute: '\u00fa', uuml: '\u00fc',
};

// HTML maps these numeric references to Windows-1252 characters, and feeds copied from Word rely on it.
const CP1252: Record<number, number> = {
  0x80: 0x20ac, 0x82: 0x201a, 0x83: 0x0192, 0x84: 0x201e, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021,
  0x88: 0x02c6, 0x89: 0x2030, 0x8a: 0x0160, 0x8b: 0x2039, 0x8c: 0x0152, 0x8e: 0x017d, 0x91: 0x2018,
  0x92: 0x2019, 0x93: 0x201c, 0x94: 0x201d, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014, 0x98: 0x02dc,
  0x99: 0x2122, 0x9a: 0x0161, 0x9b: 0x203a, 0x9c: 0x0153, 0x9e: 0x017e, 0x9f: 0x0178,
};

const REFERENCE = /&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,7})|([A-Za-z][A-Za-z0-9]{1,31}));/g;

function fromCodePoint(cp: number): string {
  if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\ufffd';
  return String.fromCodePoint(CP1252[cp] ?? cp);
}

/** Decodes `&name;`, `&#123;` and `&#x1F600;`; unknown names (and bare `&`) stay as written. */
export function decodeHtmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (dec !== undefined) return fromCodePoint(Number.parseInt(dec, 10));
    if (hex !== undefined) return fromCodePoint(Number.parseInt(hex, 16));
    return (name !== undefined && Object.hasOwn(NAMED, name) ? NAMED[name] : undefined) ?? whole;
  });
}
