// Updates already handled: a repeat is recognised across connections (processes), and the record
// is kept about a day (Telegram's redelivery window), then pruned as new updates arrive.
import assert from 'node:assert/strict';
import { SEEN_KEEP_MS, SeenUpdates } from '../../src/store/seen-updates';
import { forEachEngine } from '../helpers/engines';

forEachEngine('a repeated update is recognised by another process; records older than a day are pruned as updates arrive', ({ open }) => {
  const a = open();
  const b = open();
  const first = new SeenUpdates(a);
  const second = new SeenUpdates(b);
  assert.equal(first.firstTime('telegram:1:100', 0), true);
  assert.equal(second.firstTime('telegram:1:100', 10), false, 'seen by the other process');
  assert.equal(first.firstTime('telegram:1:100', 20), false);
  for (let i = 1; i < 999; i++) first.firstTime(`telegram:1:${100 + i}`, 0);
  assert.equal(first.firstTime('telegram:1:1099', SEEN_KEEP_MS + 1), true, 'the 1000th new key prunes');
  const { n } = a.prepare('SELECT count(*) AS n FROM seen_updates').get() as { n: number };
  assert.equal(n, 1, 'only the fresh key is left');
});
