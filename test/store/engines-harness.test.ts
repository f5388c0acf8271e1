// The two-engine harness never hides PostgreSQL silently: without a server the PostgreSQL half
// is skipped with the reason, and under CI it fails instead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const child = fileURLToPath(new URL('./engines-harness-child.ts', import.meta.url));

function runChild(env: Record<string, string | undefined>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const e = { ...process.env, ...env };
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete e[k];
    execFile(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-reporter=tap', child],
      { env: e, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

// NODE_TEST_CONTEXT would make the child report to this runner instead of printing TAP.
const noServer = { TEST_DATABASE_URL: undefined, NODE_TEST_CONTEXT: undefined, FEEDBOT_TEST_POSTGRES_ROOT: '/nonexistent/postgresql' };

test('without a PostgreSQL server the PostgreSQL half is skipped, saying why', async () => {
  const r = await runChild({ ...noServer, CI: undefined });
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /ok \d+ - stores a row \(sqlite\)/);
  assert.match(r.out, /ok \d+ - stores a row \(postgres\) # SKIP no TEST_DATABASE_URL and no PostgreSQL binaries/);
});

test('under CI a missing PostgreSQL server fails the tests', async () => {
  const r = await runChild({ ...noServer, CI: 'true' });
  assert.notEqual(r.code, 0);
  assert.match(r.out, /not ok \d+ - stores a row \(postgres\)/);
  assert.match(r.out, /PostgreSQL tests cannot run under CI/);
});
