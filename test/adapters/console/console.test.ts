// The console adapter end to end: `npm start` with piped stdin, as a newcomer would script it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../../..');

function runConsole(input: string, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'feedbot-console-'));
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['start', '--silent'], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_PATH: join(dir, 'feedbot.db'),
        TELEGRAM_BOT_TOKEN: '',
        DISCORD_TOKEN: '',
        FEED_URLS: '',
        BOT_LOCALE: 'en',
        ...env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

test('printf "/search 卷积\\n/topic\\n" | npm start prints results and exits 0', async () => {
  const r = await runConsole('/search 卷积\n/topic\n');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /1\. 空洞卷积 Dilated\/Atrous Convolution/);
  assert.match(r.stdout, /Computer Vision \(cv\): \d+/);
});

test('every command works in the console, in Chinese too, with next for paging', async () => {
  const r = await runConsole(
    [
      '/search 卷积',
      'next',
      '/topic 大模型',
      '/latest 2',
      '/subscribe 09:00 Asia/Shanghai cv',
      '/settings',
      '/digest',
      '/digest 昨天',
      '/digest 明年',
      '/unsubscribe',
      '/help',
      '/nonsense',
      '扩散模型',
    ].join('\n') + '\n',
    { BOT_LOCALE: 'zh' },
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /"卷积" 的搜索结果/);
  assert.match(r.stdout, /第 2\/2 页/);
  assert.match(r.stdout, /大模型 · 共 \d+ 篇/);
  assert.match(r.stdout, /已订阅每日摘要/);
  assert.match(r.stdout, /09:00 Asia\/Shanghai/);
  assert.match(r.stdout, /摘要预览/);
  assert.match(r.stdout, /近期文章[\s\S]*不会在摘要里重复/, 'the subscription starter');
  assert.match(r.stdout, /下一份摘要:\d{4}-\d{2}-\d{2} 09:00\(Asia\/Shanghai\)/);
  assert.match(r.stdout, /没有摘要:本频道在 \d{4}-\d{2}-\d{2} 才订阅/, '/digest 昨天 before the first digest');
  assert.match(r.stdout, /无法识别日期"明年"/);
  assert.match(r.stdout, /已取消订阅/);
  assert.match(r.stdout, /未知命令 \/nonsense/);
  assert.match(r.stdout, /"扩散模型" 的搜索结果/, 'plain text searches');
});

test('a bad configuration is reported clearly and nothing starts', async () => {
  const r = await runConsole('/help\n', { DIGEST_DEFAULT_TIMEZONE: 'Mars/Base', FEED_POLL_INTERVAL_MINUTES: 'soon' });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /DIGEST_DEFAULT_TIMEZONE/);
  assert.match(r.stderr, /FEED_POLL_INTERVAL_MINUTES/);
});
