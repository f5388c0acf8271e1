// Keyword alerts on the console, end to end: the bot runs as `npm start` does (its own process,
// the bundled sample, SQLite), a watch is set at the prompt, and `cli ingest` — another process
// on the same database — stores a matching article; the running bot prints one alert for it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../../..');

function until(check: () => boolean, what: string, out: () => string, ms = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = setInterval(() => {
      if (check()) {
        clearInterval(tick);
        resolve();
      } else if (Date.now() - started > ms) {
        clearInterval(tick);
        reject(new Error(`no ${what} within ${ms} ms:\n${out()}`));
      }
    }, 50);
  });
}

test("console: /watch, then another process's ingest brings exactly one alert", { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'feedbot-console-watch-'));
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    DATABASE_PATH: join(dir, 'feedbot.db'),
    TELEGRAM_BOT_TOKEN: '',
    DISCORD_TOKEN: '',
    FEED_URLS: '',
    BOT_LOCALE: 'en',
    LOG_LEVEL: 'warn',
    WATCH_CHECK_SECONDS: '1',
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  try {
    child.stdin.write('/watch 扩散模型\n/watches\n');
    await until(
      () => /1: 扩散模型/.test(out),
      'reply to /watch and /watches',
      () => out,
    );
    assert.match(out, /Watching "扩散模型"/);

    const feed = join(dir, 'new.json');
    writeFileSync(
      feed,
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: 'x',
        items: [
          { id: 'w-1', url: 'https://example.com/w-1', title: 'Diffusion Models Beat GANs, revisited', content_text: 'Sampling faster.' },
          { id: 'w-2', url: 'https://example.com/w-2', title: 'A note on tokenizers', content_text: 'Byte pairs.' },
        ],
      }),
    );
    const ingest = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'ingest', feed], { cwd: ROOT, env, encoding: 'utf8' });
    assert.equal(ingest.status, 0, ingest.stderr);

    await until(
      () => /📬 \[console:/.test(out),
      'an alert',
      () => out,
    );
    // Two more checks pass: still one alert.
    await new Promise((r) => setTimeout(r, 2500));
    const alerts = out.split('📬').slice(1);
    assert.equal(alerts.length, 1, out);
    assert.match(alerts[0]!, /🔔 1 new article matching your watches/);
    assert.match(alerts[0]!, /Diffusion Models Beat GANs, revisited/);
    assert.match(alerts[0]!, /🔔 扩散模型/);
    assert.doesNotMatch(alerts[0]!, /tokenizers/);
  } finally {
    child.stdin.end();
    const code = await exited;
    rmSync(dir, { recursive: true, force: true });
    assert.equal(code, 0, out);
  }
});
