// A bot process for digests-shared.test.ts: opens the shared database (a SQLite file or a
// postgres:// URL), says `ready`, waits for `go` on stdin so two of them start together, then
// catches up every digest due at the given instant, appending `<holder> <channel>` to a file for
// each message sent (O_APPEND: lines from both processes never interleave).
// Usage: tsx test/cluster/due-digests-child.ts <target> <sent-log> <holder> <now ISO>
import { appendFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { silentLogger } from '../../src/core/log';
import { createDigestRuntime } from '../../src/digest/runtime';
import { ArticleStore } from '../../src/store/articles';
import { openStoreDatabase } from '../../src/store/db';
import { SubscriptionStore } from '../../src/store/subscriptions';
import { loadTaxonomy } from '../../src/topics/taxonomy';
import { TopicRegistry } from '../../src/topics/registry';
import { TOPICS_PATH } from '../helpers/sample-archive';

const [target, sentLog, holder, nowIso] = process.argv.slice(2) as [string, string, string, string];
const db = openStoreDatabase(target);
const store = new ArticleStore(db);
const runtime = createDigestRuntime({
  db,
  store,
  subscriptions: new SubscriptionStore(db),
  topics: new TopicRegistry(loadTaxonomy(TOPICS_PATH), store),
  sender: {
    split: (_channel, reply) => [reply],
    async send(channel) {
      await sleep(2); // a platform's answer takes a moment: the other process gets its turns
      appendFileSync(sentLog, `${holder} ${channel}\n`);
      return { messageId: `${holder}-${channel}` };
    },
  },
  clock: () => Date.parse(nowIso),
  log: silentLogger,
  catchupHours: 6,
  maxEntries: 15,
  timers: { at: () => () => {} },
  holder,
  planChunk: 20,
});
process.stdin.once('data', () => {
  void runtime.runDue().then(async (outcomes) => {
    await runtime.stop();
    db.close();
    process.stdout.write(`finished ${outcomes.filter((o) => o.kind === 'sent').length}\n`);
  });
});
process.stdout.write('ready\n');
