// Two bot processes on one database catching up the same due digests at the same moment: every
// channel's digest is planned once and sent once between them (the ledger's UNIQUE(channel, day),
// plans made under the write lock, leases on sending), on SQLite and on PostgreSQL alike.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { forEachEngine } from '../helpers/engines';
import { makeEnv } from '../digest/helpers';

const ROOT = join(import.meta.dirname, '../..');
const NOW = '2026-05-04T07:30:00Z'; // 09:30 in Berlin: today's 09:00 digest is due (catch-up)

interface Child {
  ready: Promise<void>;
  go(): void;
  done: Promise<string>;
}

function startChild(args: string[]): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/cluster/due-digests-child.ts'), ...args], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('ready')) onReady();
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0 && out.includes('finished')) resolve(out);
      else reject(new Error(`child exited ${code ?? signal}: ${out}${err}`));
    });
  });
  return { ready, go: () => child.stdin.end('go\n'), done };
}

forEachEngine('two processes catching up the same due digests plan and send each exactly once between them', async (f, t) => {
  const env = makeEnv('2026-05-03T12:00:00Z', { open: () => f.open() });
  try {
    env.addArticles(Array.from({ length: 30 }, (_, i) => ({ topics: [['cv'], ['nlp'], ['llm']][i % 3]! })));
    const channels = Array.from({ length: 200 }, (_, i) => `console:${i}`);
    // Watermarks spread over the articles, so the digests differ and planning takes a while.
    channels.forEach((channel, i) =>
      env.subs.subscribe(
        { channel, time: '09:00', timezone: 'Europe/Berlin', topics: [], locale: 'en' },
        { seq: i % 25, at: 0 },
        env.time.now,
      ),
    );
    const sentLog = join(env.dir, 'sent.log');
    const children = ['bot-a', 'bot-b'].map((holder) => startChild([f.target, sentLog, holder, NOW]));
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.go();
    await Promise.all(children.map((c) => c.done));

    const lines = readFileSync(sentLog, 'utf8').split('\n').filter(Boolean);
    const perChannel = new Map<string, number>();
    const perHolder = new Map<string, number>();
    for (const line of lines) {
      const [holder, channel] = line.split(' ') as [string, string];
      perChannel.set(channel, (perChannel.get(channel) ?? 0) + 1);
      perHolder.set(holder, (perHolder.get(holder) ?? 0) + 1);
    }
    t.diagnostic(`${f.engine}: sent by ${JSON.stringify(Object.fromEntries(perHolder))}`);
    for (const c of channels) assert.equal(perChannel.get(c), 1, `${c}: exactly one digest`);
    assert.equal(lines.length, channels.length);
    const ledger = env.runtime().ledger;
    for (const c of channels)
      assert.deepEqual(
        ledger.history(c).map((d) => `${d.day} ${d.status}`),
        ['2026-05-04 sent'],
        `${c}: one digest planned for the day, confirmed`,
      );
  } finally {
    env.close();
  }
});
