// A bot process for plan-batch.kill.test.ts: catches up every digest due on the database
// given (a SQLite file or a postgres:// URL), appending each channel it sends to onto a file, and freezes (so the test can
// SIGKILL it) in the middle of planning once it has rendered `blockAt` digests.
// Usage: tsx test/digest/plan-kill-child.ts <db path or URL> <sent-log> <blockAt> <now ISO>
import { appendFileSync } from 'node:fs';
import { silentLogger } from '../../src/core/log';
import { createDigestRuntime } from '../../src/digest/runtime';
import { ArticleStore } from '../../src/store/articles';
import { openStoreDatabase } from '../../src/store/db';
import { SubscriptionStore } from '../../src/store/subscriptions';
import { loadTaxonomy } from '../../src/topics/taxonomy';
import { TopicRegistry } from '../../src/topics/registry';
import { TOPICS_PATH } from '../helpers/sample-archive';

const [target, sentLog, blockAt, nowIso] = process.argv.slice(2) as [string, string, string, string];
const db = openStoreDatabase(target);
const store = new ArticleStore(db);
let splits = 0;
const runtime = createDigestRuntime({
  db,
  store,
  subscriptions: new SubscriptionStore(db),
  topics: new TopicRegistry(loadTaxonomy(TOPICS_PATH), store),
  sender: {
    split(_channel, reply) {
      if (++splits === Number(blockAt)) {
        process.stdout.write('mid-batch\n');
        // Inside the chunk's open transaction, with part of it inserted: wait here to be killed.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
      }
      return [reply];
    },
    async send(channel) {
      appendFileSync(sentLog, `${channel}\n`);
      return { messageId: `child-${channel}` };
    },
  },
  clock: () => Date.parse(nowIso),
  log: silentLogger,
  catchupHours: 6,
  maxEntries: 15,
  timers: { at: () => () => {} },
  planChunk: 50,
});
void runtime.runDue().then(() => process.stdout.write('finished\n'));
