// Opens (and so migrates) the store at argv[2] once the start file argv[3] exists, so that
// several of these start migrating together; prints "ok" or the error.
import { existsSync } from 'node:fs';
import { openStoreDatabase } from '../../src/store/db';

const [target, go] = process.argv.slice(2) as [string, string];
while (!existsSync(go)) await new Promise((r) => setTimeout(r, 5));
try {
  openStoreDatabase(target).close();
  console.log('ok');
} catch (err) {
  console.log(`failed: ${(err as Error).message}`);
  process.exitCode = 1;
}
