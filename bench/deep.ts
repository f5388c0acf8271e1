// Body-deep queries with known answers: distinctive made-up terms planted
// once each, deep in the body of chosen generated articles (never in a title
// or the opening few hundred characters), and the queries a user would type
// to find them: the Chinese term, the English word, the word with a typo,
// and the word's first six letters. A hit is the planted article in the top 5.
import { Rng } from './rng';
import { typo } from './queries';

export const DEEP_FORMS = ['zh', 'en', 'en-fuzzy', 'en-prefix'] as const;
export type DeepForm = (typeof DEEP_FORMS)[number];

/** What goes into one article's body. */
export interface DeepPlant {
  /** Generated-article index. */
  index: number;
  form: DeepForm;
  /** The term as planted. */
  term: string;
  /** The sentence carrying it. */
  sentence: string;
  /** Where to put it, as a fraction of the article's length (the builder keeps it past `minDepth`). */
  at: number;
}

export interface DeepCase {
  q: string;
  form: DeepForm;
  /** Generated-article index of the answer; the parent resolves it to an article id. */
  index: number;
}

export interface DeepPlan {
  plants: Map<number, DeepPlant>;
  cases: DeepCase[];
}

/**
 * Rare but ordinary Simplified characters for Chinese terms. Each term takes
 * four of them and no character is used twice, so no two terms share a
 * bigram; characters the corpus material contains are dropped first.
 */
const RARE_HAN =
  '夔龠鼋鼍蠡觥饕餮魑魅魍魉貔貅麒麟鸾彧璇玑瑄琰珏瑾琮璜莘荇苒茕荼蘼芃芊蓁薜荔蘅芷葳蕤婀娜旖旎缱绻蹁跹踟蹰氤氲窈窕峥嵘崔嵬嶙峋逶迤迢菡萏菁菀蕙蕖苾馥翡琥珀玳瑁砗磲玛瑙珊瑚鹧鸪鸬鹚鹡鸰蟋蟀蜉蝣蝤蛴螓蛾';

/** Syllables of the English terms: unlike any English or code word the corpus holds. */
const SYLLABLES = [
  'zor',
  'vex',
  'quil',
  'dram',
  'plin',
  'thax',
  'murk',
  'jolv',
  'fryn',
  'gask',
  'blen',
  'crov',
  'wix',
  'yorn',
  'snaf',
  'trel',
  'kesh',
  'pold',
  'quab',
  'zint',
];

const ZH_SENTENCE = (t: string) => `附录里把这个技巧叫作「${t}」,它在消融实验中贡献最大。`;
const EN_SENTENCE = (t: string) => `In the appendix we call this trick ${t}, after the lab that first tried it.`;

function hanPool(material: string): string[] {
  return [...new Set(RARE_HAN)].filter((c) => !material.includes(c));
}

/** The k-th English pseudo-word: three syllables picked by k's base-20 digits, plus a tail. */
function pseudoWord(k: number): string {
  const n = SYLLABLES.length;
  return SYLLABLES[k % n]! + SYLLABLES[Math.floor(k / n) % n]! + SYLLABLES[(Math.floor(k / (n * n)) + k * 7) % n]! + 'ine';
}

/** One edit away from the word, and not the word itself (swapping two equal letters changes nothing). */
function misspell(w: string, rng: Rng): string {
  for (;;) {
    const t = typo(w, rng);
    if (t !== w) return t;
  }
}

/**
 * Plants `perForm` terms of each form in distinct generated articles spread
 * over the corpus. `lengthOf(i)` is article i's target length; only articles
 * of at least `minLength` characters are chosen. `material` is the corpus's
 * source text, which the terms (and prefixes) must not occur in.
 */
export function planDeep(
  generated: number,
  perForm: number,
  opts: { lengthOf: (i: number) => number; minLength: number; material: string; seed: number },
): DeepPlan {
  const total = perForm * DEEP_FORMS.length;
  const plants = new Map<number, DeepPlant>();
  const cases: DeepCase[] = [];
  if (!total || !generated) return { plants, cases };
  const rng = new Rng(opts.seed);
  const material = opts.material.toLowerCase();
  const han = hanPool(opts.material);
  if (perForm * 4 > han.length) throw new Error(`at most ${Math.floor(han.length / 4)} body-deep queries per form`);
  const words: string[] = [];
  let nextWord = 0;
  /** A pseudo-word neither the material nor another term holds (nor shares a six-letter prefix with). */
  const freshWord = (): string => {
    for (;;) {
      const w = pseudoWord(nextWord++);
      const prefix = w.slice(0, 6);
      if (material.includes(prefix) || words.some((o) => o.startsWith(prefix))) continue;
      words.push(w);
      return w;
    }
  };
  let hanAt = 0;
  for (let k = 0; k < total; k++) {
    const form = DEEP_FORMS[k % DEEP_FORMS.length]!;
    // Spread over the corpus; step past short articles and taken ones (at most one lap).
    let index = Math.floor(((k + 0.5) * generated) / total);
    for (let step = 0; step < generated && (plants.has(index) || opts.lengthOf(index) < opts.minLength); step++)
      index = (index + 1) % generated;
    if (plants.has(index)) break;
    let term: string;
    let q: string;
    if (form === 'zh') {
      term = han.slice(hanAt, hanAt + 4).join('');
      hanAt += 4;
      q = term;
    } else {
      const w = freshWord();
      term = rng.chance(0.5) ? w[0]!.toUpperCase() + w.slice(1) : w;
      q = form === 'en' ? w : form === 'en-fuzzy' ? misspell(w, rng) : w.slice(0, 6);
    }
    const sentence = form === 'zh' ? ZH_SENTENCE(term) : EN_SENTENCE(term);
    plants.set(index, { index, form, term, sentence, at: 0.35 + 0.6 * rng.next() });
    cases.push({ q, form, index });
  }
  return { plants, cases };
}
