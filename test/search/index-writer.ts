// Test helper process: opens the database given as argv[2] as the bot would
// and brings its search indexes up to date, but stops in the middle of one
// write — argv[3] 'snapshot': after the first bytes of the saved head index
// (at close); 'body': in the second transaction of the whole-text index;
// 'body-worker': in the third, of a catch-up whose text a worker thread
// prepares — printing "writing" (and how many rows the worker prepared so
// far) so the test can SIGKILL it right there. argv[4], when given, is
// SEARCH_INDEX_PATH: the indexes in a file of their own.
import fs, { writeSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { openApp } from '../../src/app';
import { loadConfig } from '../../src/config';

const [dbPath, mode, indexPath] = process.argv.slice(2) as [string, 'snapshot' | 'body' | 'body-worker', string | undefined];
const stop = (): never => {
  writeSync(1, `writing prepared=${app.search.stats.bodyPrepared}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
  process.exit(1);
};

const app = openApp(loadConfig({ DATABASE_PATH: dbPath, BOT_LOCALE: 'en', ...(indexPath ? { SEARCH_INDEX_PATH: indexPath } : {}) }));
if (mode === 'snapshot') {
  const write = fs.writeSync;
  let parts = 0;
  fs.writeSync = ((fd: number, data: NodeJS.ArrayBufferView, ...rest: never[]) => {
    const n = write(fd, data, ...rest);
    if (++parts === 3) stop();
    return n;
  }) as typeof fs.writeSync;
  syncBuiltinESMExports();
} else {
  const statement = Object.getPrototypeOf(app.db.prepare('SELECT 1')) as { run: (...args: unknown[]) => unknown };
  const run = statement.run;
  let rows = 0;
  const at = mode === 'body' ? 270 : 700;
  statement.run = function (this: { source: string }, ...args: unknown[]) {
    const out = run.apply(this, args);
    if (this.source.startsWith('INSERT INTO search_body ') && ++rows === at) stop();
    return out;
  };
}
await app.search.whenReady();
app.close();
writeSync(1, 'finished\n');
