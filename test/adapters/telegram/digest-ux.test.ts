// #15 items 2–4 through the real telegraf client and the fake Bot API: the starter on
// /subscribe, /digest with its due time, /digest yesterday from the ledger, and an edited
// article listed once under "Updated" (test/helpers/digest-scenario.ts).
import { test } from 'node:test';
import { createBotDigests } from '../../../src/bot';
import { runDigestScenario, SCENARIO_START } from '../../helpers/digest-scenario';
import { startHarness } from './harness';

const ADMIN = { id: 7101, first_name: 'Admin', language_code: 'en' };
const GROUP = { id: -1003100000001, type: 'supergroup' as const };

test('Telegram: starter, due time, yesterday from the ledger, an edit listed once under Updated', { timeout: 30_000 }, async () => {
  const clock = { now: SCENARIO_START };
  const h = await startHarness({}, {}, { clock: () => clock.now });
  h.fake.setChatMember(GROUP.id, ADMIN.id, 'creator');
  const runtime = createBotDigests(h.bot, () => [h.adapter], h.bot.log);
  try {
    await runDigestScenario(
      { app: h.app, clock, runtime, channel: `telegram:${GROUP.id}` },
      {
        async command(name, options = {}) {
          const sent = await h.command({ chat: GROUP, from: ADMIN, text: `/${name} ${Object.values(options).join(' ')}`.trim() });
          return sent.text;
        },
        // Digests are posted on their own; answers to commands quote the command.
        digestMessages: () =>
          h.fake
            .messagesIn(GROUP.id)
            .filter((m) => m.replyTo === undefined)
            .map((m) => m.text),
      },
    );
  } finally {
    await runtime.stop();
    await h.close();
  }
});
