import assert from 'node:assert/strict';
import { WatchStore, type NewWatch } from '../../src/store/watches';
import { UserError } from '../../src/core/errors';
import { forEachEngine, type EngineFixture } from '../helpers/engines';

function withStore(f: EngineFixture, fn: (s: WatchStore) => void, max?: number): void {
  fn(new WatchStore(f.open(), max));
}

const w = (query: string, over: Partial<NewWatch> = {}): NewWatch => ({
  channel: 'c',
  query,
  queryKey: query.toLowerCase(),
  topic: null,
  locale: 'en',
  ...over,
});

forEachEngine('twenty watches a chat: the 21st is refused with a catalog error, other chats are unaffected', (f) => {
  withStore(f, (s) => {
    for (let i = 0; i < 20; i++) assert.equal(s.add(w(`q${i}`), 0, 1).created, true);
    assert.throws(
      () => s.add(w('one more'), 0, 1),
      (e: unknown) => e instanceof UserError && e.id === 'watch.too-many',
    );
    assert.equal(s.list('c').length, 20);
    assert.equal(s.add(w('q0'), 0, 1).created, false, 'the same watch again is not a new one, even at the limit');
    assert.equal(s.add(w('q0', { channel: 'other' }), 0, 1).created, true);
  });
});

forEachEngine('the same query with another topic is another watch; the same one is not', (f) => {
  withStore(f, (s) => {
    assert.equal(s.add(w('LoRA'), 0, 1).created, true);
    assert.equal(s.add(w('lora'), 0, 1).created, false);
    assert.equal(s.add(w('LoRA', { topic: 'llm' }), 0, 1).created, true);
    assert.deepEqual(
      s.list('c').map((x) => x.topic),
      [null, 'llm'],
    );
  });
});

forEachEngine("a chat's cursor starts at the newest article, and the last removal forgets the chat", (f) => {
  withStore(f, (s) => {
    const { watch } = s.add(w('LoRA'), 42, 1);
    assert.equal(s.chat('c')!.cursorSeq, 42);
    s.add(w('GAN'), 50, 2);
    assert.equal(s.chat('c')!.cursorSeq, 42, 'a later watch does not skip what the first is owed');
    s.advance('c', 60, 3);
    s.advance('c', 55, 4);
    assert.equal(s.chat('c')!.cursorSeq, 60, 'never backwards');
    assert.equal(s.remove('c', [watch.id]), 1);
    assert.ok(s.chat('c'));
    s.remove(
      'c',
      s.list('c').map((x) => x.id),
    );
    assert.equal(s.chat('c'), undefined);
    assert.deepEqual(s.activeChats(), []);
  });
});

forEachEngine('a chat moved to a new id takes its watches along', (f) => {
  withStore(f, (s) => {
    s.add(w('LoRA', { channel: 'telegram:-1' }), 0, 1);
    s.move('telegram:-1', 'telegram:-100', 2);
    assert.deepEqual(
      s.list('telegram:-100').map((x) => x.query),
      ['LoRA'],
    );
    assert.equal(s.list('telegram:-1').length, 0);
    assert.equal(s.activeChats()[0]!.channel, 'telegram:-100');
  });
});

forEachEngine('a chat moved onto an id that already has watches keeps one of each, and one chat record', (f) => {
  withStore(f, (s) => {
    s.add(w('LoRA', { channel: 'telegram:-100' }), 5, 1);
    s.add(w('LoRA', { channel: 'telegram:-1' }), 0, 1);
    s.add(w('GAN', { channel: 'telegram:-1' }), 0, 1);
    s.move('telegram:-1', 'telegram:-100', 2);
    assert.deepEqual(
      s
        .list('telegram:-100')
        .map((x) => x.query)
        .sort(),
      ['GAN', 'LoRA'],
    );
    assert.equal(s.list('telegram:-1').length, 0);
    assert.equal(s.chat('telegram:-1'), undefined);
    assert.equal(s.chat('telegram:-100')!.cursorSeq, 5, "the new id's own record stays");
  });
});
