// Digest planning for many subscriptions due at one minute, on the benchmark's archive:
// each size in a child process of its own (bench/digest-child.ts), so the peak RSS it
// reports is the planner's and not the bench's. The 10,000 run also times the planner
// before batching (planDigest per subscription) in the same child, as the baseline.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export interface DigestResult {
  subscriptions: number;
  /** Candidate articles considered, summed over subscriptions. */
  candidates: number;
  /** Seconds for the batch planner (the runtime's path) to plan every due subscription. */
  seconds: number;
  /** CPU seconds of the same (user + system): less sensitive to a loaded machine. */
  cpuSeconds: number;
  /** Seconds for planDigest per subscription (one transaction each), when measured. */
  legacySeconds?: number;
  /** Digests with something to send, and how many distinct ones were rendered for them. */
  planned: number;
  shapes: number;
  /** Peak RSS of the planning process, and before planning (archive open, subscriptions written). */
  peakRssMB: number;
  baseRssMB: number;
}

const ROOT = join(import.meta.dirname, '..');

export function benchDigest(dbPath: string, count: number, opts: { legacy: boolean; timeoutSeconds: number }): DigestResult {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'bench/digest-child.ts'), dbPath, String(count), ...(opts.legacy ? ['--legacy'] : [])],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: opts.timeoutSeconds * 1000,
      maxBuffer: 16 << 20,
    },
  );
  const line = r.stdout?.trim().split('\n').pop();
  if (r.status !== 0 || !line)
    throw new Error(`digest planning (${count}) failed: ${r.error?.message ?? ''}${r.stderr?.slice(-2000) ?? ''}`);
  return { subscriptions: count, ...(JSON.parse(line) as Omit<DigestResult, 'subscriptions'>) };
}
