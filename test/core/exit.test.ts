import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./exit-child.ts', import.meta.url));

/**
 * Runs the child with its stderr in a real pipe (as under a service manager or `| tee`, not the
 * socket Node's own spawn makes) whose reader starts a second late; returns the lines it got.
 */
function runChild(lines: number): Promise<{ lines: string[]; failed: boolean }> {
  const script = 'set -o pipefail; "$0" --import tsx "$1" "$2" 2>&1 >/dev/null | (sleep 1; cat)';
  return new Promise((resolve) => {
    execFile('bash', ['-c', script, process.execPath, CHILD, String(lines)], { maxBuffer: 64 << 20 }, (err, stdout) =>
      resolve({ lines: stdout.split('\n').filter(Boolean), failed: !!err }),
    );
  });
}

test('a process leaving through exitWhenFlushed loses none of its last lines to a slow reader', { timeout: 60_000 }, async () => {
  // 20,000 lines of ~110 bytes: far more than a pipe holds, so most are still queued at exit.
  const { lines, failed } = await runChild(20_000);
  assert.equal(failed, false);
  assert.equal(lines.length, 20_000);
  assert.equal(lines.at(-1)?.startsWith('line 19999 '), true);
});
