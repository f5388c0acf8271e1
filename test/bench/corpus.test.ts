import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIN_DEEP_CHARS } from '../../bench/article-long';
import { ArticleGenerator, corpusParts, type Profile } from '../../bench/corpus';
import { feedFiles } from '../../bench/feed-files';
import { parseBody } from '../../src/ingest/sources';
import type { FeedEntry } from '../../src/feeds/types';

/** A small corpus written as feed files and read back by the bot's own readers. */
function readBack(profile: Profile, count: number, deepPerForm: number, maxBytes: number) {
  const gen = new ArticleGenerator(profile, count, { deepPerForm });
  const dir = mkdtempSync(join(tmpdir(), 'bench-corpus-'));
  try {
    const entries = new Map<string, FeedEntry>();
    const files: { format: string; bytes: number; sample: boolean }[] = [];
    for (const f of feedFiles(corpusParts(gen), dir, { format: (n) => (n % 2 ? 'rss' : 'json'), maxBytes })) {
      if (!f.sample) files.push({ format: f.path.endsWith('.xml') ? 'rss' : 'json', bytes: statSync(f.path).size, sample: false });
      else files.push({ format: 'snapshot', bytes: 0, sample: true });
      for (const e of parseBody(readFileSync(f.path, 'utf8'), f.path).entries) if (!f.sample) entries.set(e.guid!, e);
    }
    return { gen, entries, files };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const realistic = readBack('realistic', 160, 4, 256 * 1024);

test('the corpus is the same on every run and changes with the seed', () => {
  for (const profile of ['short', 'realistic'] as const) {
    const a = new ArticleGenerator(profile, 50, { deepPerForm: 2 });
    const b = new ArticleGenerator(profile, 50, { deepPerForm: 2 });
    const c = new ArticleGenerator(profile, 50, { deepPerForm: 2, seed: 1 });
    for (const i of [0, 17, 49]) {
      assert.deepEqual(a.item(i), b.item(i), `${profile} ${i}`);
      assert.notDeepEqual(a.item(i), c.item(i), `${profile} ${i}`);
    }
    assert.deepEqual(a.deep, b.deep);
  }
});

test('feed files stay under their byte budget, alternate RSS and JSON Feed, and carry every article once', () => {
  const { gen, entries, files } = realistic;
  const generated = files.filter((f) => !f.sample);
  assert.ok(generated.length >= 4, `${generated.length} files`);
  for (const f of generated) assert.ok(f.bytes <= 256 * 1024, `${f.bytes} bytes`);
  assert.ok(generated.some((f) => f.format === 'rss') && generated.some((f) => f.format === 'json'));
  assert.ok(
    files.some((f) => f.sample),
    'the sample feed is mixed in',
  );
  assert.equal(entries.size, gen.count);
});

test('stored text has the length the generator drew, with code and formulas kept as text', () => {
  const { gen, entries } = realistic;
  let code = 0;
  for (let i = 0; i < gen.count; i++) {
    const stored = entries.get(`bench:${i}`)!.text!;
    const drawn = gen.lengthOf(i);
    assert.ok(Math.abs(stored.length - drawn) <= Math.max(60, drawn * 0.03), `article ${i}: stored ${stored.length}, drawn ${drawn}`);
    if (stored.includes('torch.') || stored.includes('\\frac')) code++;
  }
  assert.ok(code > gen.count / 4, `${code} articles with code or formulas`);
  const text = [...entries.values()].map((e) => e.text).join('\n');
  assert.match(text, /\p{Script=Han}{4}/u);
  assert.match(text, /\b[A-Za-z]{4,} [A-Za-z]{4,}\b/);
});

test('each body-deep term sits deep in its one article, nowhere else, and its query finds its form', () => {
  for (const { gen, entries, minDepth } of [
    { ...realistic, minDepth: MIN_DEEP_CHARS },
    { ...readBack('short', 120, 3, 1024 * 1024), minDepth: 300 },
  ]) {
    assert.equal(gen.deep.cases.length, 4 * (gen.profile === 'realistic' ? 4 : 3));
    for (const c of gen.deep.cases) {
      const plant = gen.deep.plants.get(c.index)!;
      const target = entries.get(`bench:${c.index}`)!;
      const at = target.text!.indexOf(plant.term);
      assert.ok(at >= minDepth, `${gen.profile} ${plant.term} at ${at}`);
      assert.ok(!target.title!.includes(plant.term));
      for (const [guid, e] of entries)
        if (guid !== `bench:${c.index}`) assert.ok(!e.text!.includes(plant.term), `${plant.term} also in ${guid}`);
      const term = plant.term.toLowerCase();
      if (c.form === 'zh' || c.form === 'en') assert.equal(c.q, term);
      else if (c.form === 'en-prefix') assert.ok(term.startsWith(c.q) && c.q.length === 6 && c.q.length < term.length);
      else {
        assert.notEqual(c.q, term);
        assert.ok(Math.abs(c.q.length - term.length) <= 1 && c.q.slice(0, 1) === term.slice(0, 1), `${c.q} ~ ${term}`);
      }
    }
  }
});
