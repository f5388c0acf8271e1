import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeEnv } from './helpers';
import { forEachEngine } from '../helpers/engines';

const ROOT = join(import.meta.dirname, '../..');
const NOW = '2026-05-04T07:30:00Z'; // 09:30 in Berlin: today's 09:00 digest is due (catch-up)

/** Runs the child until it reports `mid-batch`, then SIGKILLs it; resolves with what it printed. */
function runAndKill(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/digest/plan-kill-child.ts'), ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('mid-batch')) child.kill('SIGKILL');
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL' || !out.includes('mid-batch')) reject(new Error(`child did not stop mid-batch (${signal}): ${out}${err}`));
      else resolve(out);
    });
  });
}

forEachEngine('a process SIGKILLed in the middle of a planning batch: after a restart every channel gets exactly one digest', async (f) => {
  const env = makeEnv('2026-05-03T12:00:00Z', { open: () => f.open() });
  try {
    env.addArticles(Array.from({ length: 400 }, (_, i) => ({ topics: [['cv'], ['nlp'], ['llm']][i % 3]! })));
    // Each channel its own watermark, so each digest is rendered on its own and planning is slow enough to catch.
    const channels = Array.from({ length: 300 }, (_, i) => `telegram:${-5000 - i}`);
    channels.forEach((channel, i) =>
      env.subs.subscribe({ channel, time: '09:00', timezone: 'Europe/Berlin', topics: [], locale: 'en' }, { seq: i, at: 0 }, env.time.now),
    );
    const sentLog = join(env.dir, 'child-sent.log');
    await runAndKill([f.target, sentLog, '130', NOW]);

    // Chunks of 50: two committed whole, the third (killed after 29 of its digests) left nothing.
    const planned = env.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM digests').get()!.n;
    assert.equal(planned, 100, 'only whole chunks were committed');
    const childSent = existsSync(sentLog) ? readFileSync(sentLog, 'utf8').split('\n').filter(Boolean) : [];

    // The restarted bot resumes what was planned but unsent and plans the rest.
    env.time.now = Date.parse(NOW);
    const rt = env.runtime({ planChunk: 50 });
    await env.time.run(rt.start());
    await rt.stop();
    const parentSent = env.sender.sent.map((s) => s.channel);
    const perChannel = new Map<string, number>();
    for (const c of [...childSent, ...parentSent]) perChannel.set(c, (perChannel.get(c) ?? 0) + 1);
    for (const c of channels) assert.equal(perChannel.get(c), 1, `${c}: exactly one digest`);
    assert.equal(perChannel.size, channels.length);
    for (const c of channels)
      assert.deepEqual(
        rt.ledger.history(c).map((d) => `${d.day} ${d.status}`),
        ['2026-05-04 sent'],
      );
  } finally {
    env.close();
  }
});
