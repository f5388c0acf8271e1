// Command-line options of `npm run bench` (see run.ts for what they mean).
import { PROFILES, type Profile } from './corpus';
import { FLEX_TOKENIZERS, type FlexTokenizer } from './flexsearch';

export interface Options {
  profiles: Profile[];
  /** Sizes per profile; explicit --size applies to every profile. */
  sizes: Record<Profile, number[]>;
  perClass: number;
  /** Body-deep queries per form (zh, en, en-fuzzy, en-prefix). */
  deepPerForm: number;
  /** Digest planning runs, one per count of subscriptions due at one minute. */
  subscriptions: number[];
  /** Digests in the fan-out run (0: none), and how many times the platforms' limits are scaled up. */
  fanout: number;
  fanoutScale: number;
  /** Only the fan-out run: no corpus, no search. */
  fanoutOnly: boolean;
  /** Plan digests for this profile only (digest planning hardly depends on article length). */
  digestProfile?: Profile;
  coldRuns: number;
  minisearch: boolean;
  flexsearch: boolean;
  flexTokenize: FlexTokenizer;
  /** Heap limit of each baseline process, MB. */
  baselineHeapMB: number;
  /** Time limit of each measuring process, seconds. */
  timeoutSeconds: number;
  keep: boolean;
  quick: boolean;
}

export const USAGE = `usage: npm run bench -- [--profile short|realistic] [--size N[,N…]] [--quick]
  [--queries N] [--deep N] [--subscriptions N[,N…]] [--fanout N] [--fanout-scale K] [--cold-runs N] [--no-minisearch] [--no-flexsearch]
  [--flexsearch-tokenize strict|forward]
  [--baseline-heap MB] [--timeout S] [--keep]`;

export function parseArgs(argv: string[]): Options {
  const opts: Options = {
    profiles: [],
    sizes: { short: [], realistic: [] },
    perClass: 45,
    deepPerForm: 12,
    subscriptions: [10_000, 100_000],
    fanout: 10_000,
    fanoutScale: 5,
    fanoutOnly: false,
    coldRuns: 2,
    minisearch: true,
    flexsearch: true,
    flexTokenize: 'strict',
    baselineHeapMB: 4096,
    timeoutSeconds: 900,
    keep: false,
    quick: false,
  };
  const explicit = new Set<string>();
  const sizes: number[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value\n${USAGE}`);
      return v;
    };
    const count = (min: number) => {
      const n = Number(value().replace(/_/g, ''));
      if (!Number.isInteger(n) || n < min) throw new Error(`${a} needs an integer of at least ${min}`);
      explicit.add(a);
      return n;
    };
    if (a === '--profile') {
      for (const p of value().split(',')) {
        if (!(PROFILES as readonly string[]).includes(p)) throw new Error(`unknown profile ${p} (short or realistic)`);
        opts.profiles.push(p as Profile);
      }
    } else if (a === '--size')
      sizes.push(
        ...value()
          .split(',')
          .map((s) => Number(s.replace(/_/g, ''))),
      );
    else if (a === '--queries') opts.perClass = count(1);
    else if (a === '--deep') opts.deepPerForm = count(0);
    else if (a === '--subscriptions') {
      opts.subscriptions = value()
        .split(',')
        .map((v) => Number(v.replace(/_/g, '')));
      if (opts.subscriptions.some((n) => !Number.isInteger(n) || n < 0)) throw new Error('--subscriptions needs integers of at least 0');
      opts.subscriptions = opts.subscriptions.filter((n) => n > 0);
      explicit.add(a);
    } else if (a === '--fanout') {
      opts.fanout = count(0);
      opts.fanoutOnly = true;
    } else if (a === '--fanout-scale') opts.fanoutScale = count(1);
    else if (a === '--cold-runs') opts.coldRuns = count(0);
    else if (a === '--baseline-heap') opts.baselineHeapMB = count(64);
    else if (a === '--timeout') opts.timeoutSeconds = count(1);
    else if (a === '--no-minisearch') opts.minisearch = false;
    else if (a === '--no-flexsearch') opts.flexsearch = false;
    else if (a === '--flexsearch-tokenize') {
      const t = value();
      if (!(FLEX_TOKENIZERS as readonly string[]).includes(t)) throw new Error(`unknown FlexSearch tokenizer ${t} (strict or forward)`);
      opts.flexTokenize = t as FlexTokenizer;
    } else if (a === '--keep') opts.keep = true;
    else if (a === '--quick') opts.quick = true;
    else throw new Error(`unknown option ${a}\n${USAGE}`);
  }
  if (sizes.some((s) => !Number.isInteger(s) || s < 100)) throw new Error('sizes must be integers of at least 100');
  if (!opts.profiles.length) opts.profiles = [...PROFILES];
  // --fanout N alone runs only the fan-out; with --quick or a --size, the whole bench with that N.
  if (opts.fanoutOnly && (opts.quick || sizes.length || explicit.has('--queries'))) opts.fanoutOnly = false;
  if (opts.quick) {
    // About 15–20 s: a small corpus of each profile, few queries, no separate cold runs, digests planned once.
    opts.sizes = { short: [2000], realistic: [500] };
    if (!explicit.has('--queries')) opts.perClass = 10;
    if (!explicit.has('--deep')) opts.deepPerForm = 3;
    if (!explicit.has('--subscriptions')) opts.subscriptions = [1000];
    if (!explicit.has('--fanout')) opts.fanout = 100;
    opts.digestProfile = opts.profiles[0];
    if (!explicit.has('--cold-runs')) opts.coldRuns = 0;
    if (!explicit.has('--timeout')) opts.timeoutSeconds = 120;
  } else opts.sizes = { short: [10_000, 100_000], realistic: [10_000, 100_000] };
  if (sizes.length) opts.sizes = { short: sizes, realistic: sizes };
  return opts;
}
