// The CLI contract, run as scripts run it: separate processes on a real database file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

const ROOT = join(import.meta.dirname, '..');

/** Async, so HTTP servers in this test process keep answering while the CLI runs. */
function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, FEED_URLS: '', BOT_LOCALE: 'en', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const freshDb = () => ({ DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'feedbot-cli-')), 'feedbot.db') });

test('search --json on a fresh database returns the dilated-convolution article first', async () => {
  const r = await cli(['search', '卷积', '--json'], freshDb());
  assert.equal(r.code, 0, r.stderr);
  const items = JSON.parse(r.stdout) as {
    id: string;
    title: string;
    summary: string;
    topics: string[];
    firstSeenAt: string;
    score: number;
  }[];
  assert.match(items[0]!.title, /空洞卷积/);
  assert.ok(items[0]!.summary.includes('Dilated/Atrous'));
  assert.deepEqual(
    Object.keys(items[0]!).sort(),
    ['firstSeenAt', 'id', 'publishedAt', 'score', 'summary', 'title', 'topics', 'url'].sort(),
  );
});

test('topics lists the taxonomy with counts; topic takes any name', async () => {
  const env = freshDb();
  const human = await cli(['topics'], env);
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stdout, /cv\s+\d+\s+计算机视觉 \/ Computer Vision/);
  const json = JSON.parse((await cli(['topics', '--json'], env)).stdout) as { id: string; name: string; count: number }[];
  assert.ok(json.find((t) => t.id === 'generative')!.count > 0);
  const byName = JSON.parse((await cli(['topic', '生成模型', '--json', '--limit', '3'], env)).stdout) as unknown[];
  assert.equal(byName.length, 3);
  const bad = await cli(['topic', 'astrology'], env);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /unknown topic "astrology"/);
});

test('ingest never loads the sample; it ingests exactly what it is given', async () => {
  const env = freshDb();
  const file = join(mkdtempSync(join(tmpdir(), 'feedbot-feed-')), 'one.txt');
  writeFileSync(file, 'INCOMING TRANSMISSION\n\nLATEST UPDATES\nLoRA 微调 一个关于低秩适配的新条目\n');
  const r = await cli(['ingest', file], env);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /1 new/);
  const db = new Database(env.DATABASE_PATH, { readonly: true });
  assert.equal((db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n, 1);
  db.close();
  assert.match((await cli(['ingest', file], env)).stdout, /0 new, 0 updated, 1 unchanged/);
});

test('bad sources: one clear line each, the good source still ingested, nothing half-written', async () => {
  const server = createServer((req, res) => {
    if (req.url === '/500') return void res.writeHead(500).end('boom');
    res.writeHead(404).end('nope');
  }).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const env = freshDb();
    const dir = mkdtempSync(join(tmpdir(), 'feedbot-bad-'));
    const broken = join(dir, 'broken.xml');
    writeFileSync(broken, '<?xml version="1.0"?><rss version="2.0"><channel><item><title>x</title>');
    const good = join(dir, 'good.txt');
    writeFileSync(good, 'LATEST UPDATES\n一个好的条目 关于扩散模型\n');
    const r = await cli(['ingest', join(dir, 'missing.txt'), broken, `${base}/404`, `${base}/500`, good], env);
    assert.equal(r.code, 3, 'partial success');
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 4, r.stderr);
    assert.match(lines[0]!, /missing\.txt.*(ENOENT|no such file)/);
    assert.match(lines[1]!, /broken\.xml/);
    assert.match(lines[2]!, /\/404.*404/);
    assert.match(lines[3]!, /\/500.*500/);
    assert.match(r.stdout, /good\.txt: 1 entries, 1 new/);
    const allBad = await cli(['ingest', join(dir, 'missing.txt')], env);
    assert.equal(allBad.code, 1);
  } finally {
    server.close();
  }
});

test('empty and 10,000-character queries fail with a clear message', async () => {
  const env = freshDb();
  const empty = await cli(['search', '', '--json'], env);
  assert.notEqual(empty.code, 0);
  assert.match(empty.stderr, /something to search for/);
  assert.equal(empty.stdout, '');
  const long = await cli(['search', 'x'.repeat(10_000)], env);
  assert.notEqual(long.code, 0);
  assert.match(long.stderr, /too long/);
});

test('ingest of a file starting with terminal escapes prints only visible escapes, never the bytes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'feedbot-cli-esc-'));
  const file = join(dir, 'evil.xml');
  writeFileSync(file, '\u001b]0;owned\u0007\u001b[2J\u001b[31mnot a feed at all\n');
  const gz = join(dir, 'feed.xml.gz');
  writeFileSync(gz, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xcb, 0x48, 0xcd, 0xc9]));
  const r = await cli(['ingest', file, gz], { DATABASE_PATH: join(dir, 'feedbot.db') });
  assert.equal(r.code, 1, r.stderr);
  assert.doesNotMatch(r.stderr, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/, 'no control bytes on the terminal');
  assert.match(r.stderr, /evil\.xml: not a feed \(neither XML nor JSON; starts with "\\x1b\]0;owned\\x07\\x1b\[2J/);
  assert.match(r.stderr, /feed\.xml\.gz: not a feed \(gzip-compressed data: decompress it first\)/);
});

test('backup on a PostgreSQL store says to use pg_dump (exit 2), without echoing the password or connecting', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'feedbot-cli-'));
  // Port 9 (discard) on loopback: nothing answers there, and the command must not try.
  const r = await cli(['backup', join(dir, 'b.dump')], { DATABASE_URL: 'postgres://bot:hunter2@127.0.0.1:9/feedbot' });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /PostgreSQL \(DATABASE_URL\): back it up with pg_dump/);
  assert.ok(!r.stderr.includes('hunter2'));
  assert.deepEqual(readdirSync(dir), []);
});

test('with DATABASE_URL set and no server there, a command names the PostgreSQL store (password masked) instead of quietly using SQLite', async () => {
  const env = { ...freshDb(), DATABASE_URL: 'postgres://bot:hunter2@127.0.0.1:9/feedbot' };
  const r = await cli(['topics'], env);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /PostgreSQL at postgres:\/\/\*+@127\.0\.0\.1:9\/feedbot/);
  assert.ok(!r.stderr.includes('hunter2'));
  assert.ok(!existsSync(env.DATABASE_PATH), 'no SQLite file made instead');
});
