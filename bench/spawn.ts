// Runs bench/child.ts for one system and times its events from the parent's
// side: from spawning the process (so Node start-up and module loading
// count, as they do when the bot starts) to each line it reports.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { SystemName } from './child';

export interface ChildReport {
  /** Seconds from spawn to the first answered search. */
  answered: number;
  /** Seconds from spawn to a complete index. */
  ready: number;
  result?: Record<string, unknown>;
  answeredInfo: Record<string, unknown>;
}

const ROOT = join(import.meta.dirname, '..');

export function runChild(system: SystemName, dbPath: string, perClass: number, coldOnly = false): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', join(ROOT, 'bench/child.ts'), system, dbPath, String(perClass), ...(coldOnly ? ['--cold-only'] : [])],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const report: Partial<ChildReport> = {};
    let buffer = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const at = (performance.now() - t0) / 1000;
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const msg = JSON.parse(line) as { event: string; [k: string]: unknown };
        if (msg.event === 'answered') {
          report.answered = at;
          report.answeredInfo = msg;
        } else if (msg.event === 'ready') report.ready = at;
        else if (msg.event === 'result') report.result = msg;
        else if (msg.event === 'error') reject(new Error(`${system}: ${String(msg.message)}`));
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0 || report.answered === undefined || report.ready === undefined) {
        reject(new Error(`${system} child exited with ${code}`));
      } else resolve(report as ChildReport);
    });
  });
}
