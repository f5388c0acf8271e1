import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSampleArchive, TOPICS_PATH } from '../helpers/sample-archive';
import { forEachEngine, type EngineFixture } from '../helpers/engines';
import { ArticleStore } from '../../src/store/articles';
import { emptyReport, ingestFeed, writeStage } from '../../src/ingest/ingest';
import { MemoryStage } from '../../src/ingest/stage';
import { prepareEntry } from '../../src/ingest/prepare';
import { createClassifier } from '../../src/topics/classify';
import { loadTaxonomy } from '../../src/topics/taxonomy';

test('five overlapping snapshots become one article per distinct entry', async () => {
  const archive = await loadSampleArchive();
  try {
    assert.equal(archive.store.count(), 39);
    const titles = archive.store.all().map((a) => a.title);
    assert.equal(new Set(titles).size, titles.length, 'every article has its own title');
  } finally {
    archive.close();
  }
});

test('the LoRA and Adapter-tuning entries that share a long opening both survive', async () => {
  const archive = await loadSampleArchive();
  try {
    const twins = archive.store.all().filter((a) => a.summary.startsWith('背景 随着预训练语言模型进入LLM时代'));
    assert.equal(twins.length, 2);
    assert.ok(twins.some((a) => a.summary.includes('LoRA') && a.title.includes('LoRA')));
    assert.ok(twins.some((a) => a.summary.includes('Adapter tuning') && a.title.includes('Adapter')));
  } finally {
    archive.close();
  }
});

test('placeholders are gone from stored summaries', async () => {
  const archive = await loadSampleArchive();
  try {
    for (const a of archive.store.all()) assert.doesNotMatch(a.summary + a.title, /\[(公式|代码|Math|Formula)\]/);
  } finally {
    archive.close();
  }
});

/** An article store on the test's database (forEachEngine closes it). */
function tempStore(f: EngineFixture) {
  const store = new ArticleStore(f.open());
  const deps = { store, classifier: createClassifier(loadTaxonomy(TOPICS_PATH)), now: () => Date.now() };
  return { store, deps, done: () => {} };
}

forEachEngine('a known guid with changed text updates the article and is not new again', (f) => {
  const { store, deps, done } = tempStore(f);
  try {
    const first = ingestFeed(deps, {
      source: 'feed',
      entries: [{ guid: 'g1', title: 'Old', text: 'old text about 卷积', categories: [] }],
    });
    assert.equal(first.added.length, 1);
    const before = store.get(first.added[0]!.id)!;
    const second = ingestFeed(deps, {
      source: 'feed',
      entries: [{ guid: 'g1', title: 'New', text: 'new text about 卷积', categories: [] }],
    });
    assert.equal(second.added.length, 0);
    assert.equal(second.updated, 1);
    const after = store.get(before.id)!;
    assert.equal(after.title, 'New');
    assert.equal(after.summary, 'new text about 卷积');
    assert.equal(after.seq, before.seq);
    assert.equal(after.firstSeenAt, before.firstSeenAt);
    assert.equal(store.seenAfter(before.seq).length, 0, 'a digest after the first would not resend it');
    const third = ingestFeed(deps, {
      source: 'feed',
      entries: [{ guid: 'g1', title: 'New', text: 'new text about 卷积', categories: [] }],
    });
    assert.equal(third.unchanged, 1);
  } finally {
    done();
  }
});

forEachEngine('feed categories map to taxonomy topics through aliases, or become their own topic', (f) => {
  const { store, deps, done } = tempStore(f);
  try {
    const r = ingestFeed(deps, {
      source: 'feed',
      entries: [
        { guid: 'a', title: 'x', text: 'plain words', categories: ['Python'] },
        { guid: 'b', title: 'y', text: 'plain words', categories: ['Quantum Stuff'] },
      ],
    });
    assert.deepEqual(store.get(r.added[0]!.id)!.topics, ['frameworks']);
    assert.deepEqual(store.get(r.added[1]!.id)!.topics, ['cat-quantum-stuff']);
  } finally {
    done();
  }
});

forEachEngine('a feed title is stored whole, however long; only derived titles are short', (f) => {
  const { store, deps, done } = tempStore(f);
  try {
    const long = 'Trump State of the Union address promised unity but emphasized discord, and then some more words';
    const r = ingestFeed(deps, {
      source: 'feed',
      format: 'rss',
      entries: [
        { guid: 'g1', title: long, text: 'body', categories: [] },
        { guid: 'g2', text: `${'很长的一段没有标题的正文，'.repeat(10)}结束。`, categories: [] },
      ],
    });
    assert.equal(store.get(r.added[0]!.id)!.title, long);
    assert.ok([...store.get(r.added[1]!.id)!.title].length <= 48, 'a title derived from untitled text stays short');
  } finally {
    done();
  }
});

forEachEngine("[Image]/[Code]/[公式] placeholders are the snapshot format's own: removed there, kept in other feeds", (f) => {
  const { store, deps, done } = tempStore(f);
  try {
    const rss = ingestFeed(deps, {
      source: 'feed',
      format: 'rss',
      entries: [{ guid: 'p1', title: '"The best years of your life..." [Image]', text: 'See [Code] and [Table] here', categories: [] }],
    });
    const kept = store.get(rss.added[0]!.id)!;
    assert.equal(kept.title, '"The best years of your life..." [Image]');
    assert.equal(kept.summary, 'See [Code] and [Table] here');
    const snap = ingestFeed(deps, {
      source: 'snap',
      format: 'snapshot',
      entries: [{ text: '均值估计 [公式] 考虑一个随机变量 [Figure] 的期望', categories: [] }],
    });
    assert.equal(store.get(snap.added[0]!.id)!.summary, '均值估计 考虑一个随机变量 的期望');
  } finally {
    done();
  }
});

forEachEngine('a source whose write fails part-way stores none of its rows, and the store stays usable', (f) => {
  const { store, deps } = tempStore(f);
  ingestFeed(deps, { source: 'feed', entries: [{ guid: 'kept', title: 'Kept', text: 'stored before', categories: [] }] });
  const stage = new MemoryStage();
  const entry = (guid: string) => prepareEntry({ guid, title: guid, text: `text of ${guid}`, categories: [] }, 'bad', deps.classifier)!;
  stage.add(entry('n1'));
  stage.add(entry('n2'));
  // A third row that reuses n1's id under another key: the unique id refuses it mid-transaction.
  stage.add({ ...entry('n3'), id: entry('n1').id });
  assert.throws(() => writeStage(store, stage, [], Date.now(), emptyReport('bad')), /unique constraint/i);
  assert.deepEqual(
    store.all().map((a) => a.title),
    ['Kept'],
    'n1 and n2, written before the failure, were rolled back with it',
  );
  const next = ingestFeed(deps, { source: 'feed', entries: [{ guid: 'n1', title: 'n1', text: 'text of n1', categories: [] }] });
  assert.equal(next.added.length, 1, 'the next source is stored');
});
