// Runs bench/child.ts for one system and times its events from the parent's
// side: from spawning the process (so Node start-up and module loading
// count, as they do when the bot starts) to each line it reports. A child
// may run under a heap limit and always runs under a time limit; running
// out of either, or dying any other way, is an outcome to report, never a
// crash of the whole bench.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { SystemName } from './child';

export type ChildStatus = 'ok' | 'oom' | 'timeout' | 'error';

export interface ChildReport {
  status: ChildStatus;
  /** What went wrong, for anything but ok. */
  message?: string;
  /** Seconds from spawn to the first full-featured answer, and to a stopgap answer before it. */
  answered?: number;
  fallback?: number;
  /** Seconds from spawn to the end of the process. */
  seconds: number;
  /** Articles a baseline had indexed, and its heap, when last heard from. */
  progress?: number;
  progressHeapMB?: number;
  result?: Record<string, unknown>;
  answeredInfo?: Record<string, unknown>;
}

export interface ChildLimits {
  /** --max-old-space-size, MB; none when undefined. */
  heapMB?: number;
  timeoutSeconds: number;
}

const ROOT = join(import.meta.dirname, '..');
const OOM = /heap out of memory|Allocation failed|out of memory/i;

export interface ChildArgs {
  dbPath: string;
  perClass: number;
  deepPath: string;
  flag?: '--cold-only' | '--build';
  env?: Record<string, string>;
}

export function runChild(system: SystemName, args: ChildArgs, limits: ChildLimits): Promise<ChildReport> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const elapsed = () => (performance.now() - t0) / 1000;
    const node = ['--expose-gc', ...(limits.heapMB ? [`--max-old-space-size=${limits.heapMB}`] : []), '--import', 'tsx'];
    const child = spawn(
      process.execPath,
      [...node, join(ROOT, 'bench/child.ts'), system, args.dbPath, String(args.perClass), args.deepPath, ...(args.flag ? [args.flag] : [])],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...args.env } },
    );
    const report: Partial<ChildReport> = {};
    let error: string | undefined;
    let timedOut = false;
    let stderrTail = '';
    let buffer = '';
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, limits.timeoutSeconds * 1000);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      process.stderr.write(chunk);
      stderrTail = (stderrTail + chunk).slice(-4000);
    });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const at = elapsed();
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        let msg: { event: string; [k: string]: unknown };
        try {
          msg = JSON.parse(line) as typeof msg;
        } catch {
          continue; // not ours: a library printing to stdout
        }
        if (msg.event === 'answered') {
          report.answered = at;
          report.answeredInfo = msg;
        } else if (msg.event === 'fallback') report.fallback = at;
        else if (msg.event === 'progress') {
          report.progress = Number(msg.added);
          report.progressHeapMB = Number(msg.heapMB);
        } else if (msg.event === 'result') report.result = msg;
        else if (msg.event === 'error') error = String(msg.message);
      }
    });
    const finish = (status: ChildStatus, message?: string) => {
      clearTimeout(timer);
      resolve({ ...report, status, seconds: elapsed(), ...(message ? { message } : {}) });
    };
    child.on('error', (err) => finish('error', err.message));
    child.on('close', (code, signal) => {
      const progress = report.progress
        ? ` (${report.progress.toLocaleString('en-US')} articles in, heap ${Math.round(report.progressHeapMB ?? NaN).toLocaleString('en-US')} MB)`
        : '';
      const stage = report.answered === undefined ? `while building${progress}` : 'while measuring';
      if (timedOut) finish('timeout', `timed out after ${limits.timeoutSeconds} s ${stage}`);
      else if (OOM.test(stderrTail) || (signal === 'SIGABRT' && limits.heapMB)) {
        finish(
          'oom',
          `out of memory${limits.heapMB ? ` at the ${limits.heapMB.toLocaleString('en-US')} MB heap limit` : ''} after ${elapsed().toFixed(0)} s ${stage}`,
        );
      } else if (code !== 0 || error || (report.result === undefined && args.flag !== '--cold-only') || report.answered === undefined) {
        finish('error', error?.split('\n')[0] ?? `exited with ${signal ?? code} ${stage}`);
      } else finish('ok');
    });
  });
}
