// #15 items 2–4 on the console adapter, in process: commands typed on its input, digests
// printed on its output, the digest runtime wired as main wires it.
import { test } from 'node:test';
import { PassThrough } from 'node:stream';
import { ConsoleAdapter, CONSOLE_CHANNEL } from '../../../src/adapters/console/index';
import { createBotDigests } from '../../../src/bot';
import { createTestBot } from '../../helpers/bot';
import { runDigestScenario, SCENARIO_START } from '../../helpers/digest-scenario';

test('console: starter on /subscribe, /digest with its due time, /digest yesterday, an edit listed once under Updated', async () => {
  const clock = { now: SCENARIO_START };
  const t = await createTestBot({}, { clock: () => clock.now });
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (d: Buffer) => (printed += d.toString('utf8')));
  const adapter = new ConsoleAdapter(t.bot, { input, output, locale: 'en' });
  await adapter.start();
  const runtime = createBotDigests(t.bot, () => [adapter], t.log);
  let n = 0;
  try {
    await runDigestScenario(
      { app: t.app, clock, runtime, channel: CONSOLE_CHANNEL },
      {
        async command(name, options = {}) {
          // Lines are answered in order: the answer to a search for a fresh nonce marks the end of this one's.
          const nonce = `zqxnonce${++n}`;
          const start = printed.length;
          input.write(`/${name} ${Object.values(options).join(' ')}\n/search ${nonce}\n`);
          while (!printed.slice(start).includes(nonce)) await new Promise((r) => setTimeout(r, 5));
          const out = printed.slice(start);
          return out.slice(0, out.lastIndexOf('\n', out.indexOf(nonce)));
        },
        digestMessages: () =>
          printed
            .split('📬 ')
            .slice(1)
            .map((m) => m.split('\n\n\n')[0]!),
      },
    );
  } finally {
    if (process.env.SHOW_TRANSCRIPT) console.log(printed);
    await runtime.stop();
    await adapter.stop();
    t.close();
  }
});
