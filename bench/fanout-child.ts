// The bot of the fan-out benchmark (bench/fanout.ts): started the way src/main.ts starts it
// (real Telegram and Discord adapters, configured only through the environment, pointed at the
// fake servers), with a clock set so that the subscriptions' minute comes one second after
// both adapters are up. It waits until every due digest is settled (sent or given up), then
// prints one JSON line: each sent digest's lateness behind the scheduled minute, and how many
// times each channel was paused; and stops.
// Usage: FANOUT_AT=<scheduled minute, epoch ms> FANOUT_DIGESTS=<n> tsx bench/fanout-child.ts (plus the bot's environment)
import { openApp } from '../src/app';
import { createBot, createBotDigests } from '../src/bot';
import { loadConfig } from '../src/config';
import { createLogger, type Logger } from '../src/core/log';
import type { Adapter } from '../src/core/types';
import { createDiscordAdapter } from '../src/adapters/discord/index';
import { createTelegramAdapter } from '../src/adapters/telegram/index';
import type { Timers } from '../src/digest/runtime';
import { startProfile } from './profile';

const at = Number(process.env.FANOUT_AT);
const expected = Number(process.env.FANOUT_DIGESTS);
const deadline = Date.now() + Number(process.env.FANOUT_TIMEOUT_SECONDS ?? 600) * 1000;
const config = loadConfig(process.env);
const base = createLogger('warn', (line) => process.stderr.write(line));
const paused = new Map<string, number>();
/** Counts "paused" warnings per channel; everything else goes to stderr as usual. */
function counting(log: Logger): Logger {
  return {
    debug: (m, c) => log.debug(m, c),
    info: (m, c) => log.info(m, c),
    warn: (m, c) => {
      if (/subscription paused/.test(m) && typeof c?.channel === 'string') paused.set(c.channel, (paused.get(c.channel) ?? 0) + 1);
      log.warn(m, c);
    },
    error: (m, c) => log.error(m, c),
    child: (b) => counting(log.child(b)),
  };
}
const log = counting(base);

let offset = 0;
const clock = () => Date.now() + offset;
const timers: Timers = {
  at(date, fn) {
    const t = setTimeout(fn, Math.max(0, date.getTime() - clock()));
    return () => clearTimeout(t);
  },
};
const app = openApp(config, { clock });
const bot = createBot(app, { log });
const adapters: Adapter[] = [createTelegramAdapter(bot, config, log), createDiscordAdapter(bot, config, log)];
for (const a of adapters) await a.start();
// The subscriptions' minute is one second away from now on.
offset = at - 1000 - Date.now();
// FANOUT_CPU_PROFILE=<file>: a CPU profile of the delivery (not the start-up), for finding where it goes.
const profile = process.env.FANOUT_CPU_PROFILE ? await startProfile() : undefined;
// CPU the delivery costs (start-up left out): on a shared machine a steadier figure than wall-clock.
const cpu0 = process.cpuUsage();
const digests = createBotDigests(bot, () => adapters, log, { clock, timers, retryEveryMs: 5000 });
await digests.start();

const settled = app.db.prepare<[], { n: number; pending: number }>(
  `SELECT count(*) AS n, coalesce(sum(status = 'pending'), 0) AS pending FROM digests WHERE planned_at >= ${at}`,
);
for (;;) {
  const s = settled.get()!;
  if ((s.n >= expected && s.pending === 0) || Date.now() > deadline) break;
  await new Promise((r) => setTimeout(r, 200));
}
const cpu = process.cpuUsage(cpu0);
if (profile) await profile(process.env.FANOUT_CPU_PROFILE!);
const lateness = app.db
  .prepare<[], { late: number }>(`SELECT completed_at - ${at} AS late FROM digests WHERE status = 'sent' AND planned_at >= ${at}`)
  .all()
  .map((r) => r.late);
process.stdout.write(
  `${JSON.stringify({ lateness, paused: Object.fromEntries(paused), timedOut: Date.now() > deadline, cpuSeconds: (cpu.user + cpu.system) / 1e6 })}\n`,
);
await digests.stop();
for (const a of adapters) await a.stop();
app.close();
process.exit(0);
