// Test helper: the real bot as a child process (`node --import tsx src/main.ts`, what
// `npm start` runs), with its output captured. Every process started here is tracked and
// killed by killAll(), which each test file calls in `after`, so none outlives the tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '../..');

export interface BotProcess {
  readonly child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far, interleaved. */
  output(): string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once `pattern` appears in the output; rejects if the process exits first or after `timeoutMs`. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Sends `signal` and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const running = new Set<ChildProcess>();

// Belt and braces: a test process that dies on an assertion must not leave bots behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Starts the bot. The environment is the bare minimum plus `env`: no tokens, feeds or console
 * unless given, so a developer's own settings (or a `.env` file) cannot leak into a test.
 */
export function spawnBot(env: Record<string, string>): BotProcess {
  const base: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    TELEGRAM_BOT_TOKEN: '',
    TELEGRAM_API_ROOT: '',
    DISCORD_TOKEN: '',
    DISCORD_API_ROOT: '',
    FEED_URLS: '',
    CONSOLE: 'false',
    BOT_LOCALE: 'en',
    LOG_LEVEL: 'debug',
    TOPICS_PATH: join(ROOT, 'data/topics.json'),
    SAMPLE_FEED_DIR: join(ROOT, 'data/sample-feed'),
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (d: Buffer) => {
    out += d.toString('utf8');
    for (const l of [...listeners]) l();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      for (const l of [...listeners]) l();
      resolve({ code, signal });
    });
  });
  return {
    child,
    output: () => out,
    exited,
    waitForOutput(pattern, timeoutMs = 20_000) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => done(new Error(`no ${pattern} in the bot's output within ${timeoutMs} ms:\n${out}`)), timeoutMs);
        const check = () => {
          if (pattern.test(out)) done();
          else if (child.exitCode !== null || child.signalCode !== null)
            done(new Error(`the bot exited before printing ${pattern}:\n${out}`));
        };
        const done = (err?: Error) => {
          clearTimeout(timer);
          listeners.delete(check);
          if (err) reject(err);
          else resolve();
        };
        listeners.add(check);
        check();
      });
    },
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Kills every bot process still running (call in `after`). */
export async function killAll(): Promise<void> {
  const waits = [...running].map(
    (child) =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  );
  await Promise.all(waits);
}

/** Polls `check` every 50 ms until it returns true; fails with `what` after `timeoutMs`. */
export async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
