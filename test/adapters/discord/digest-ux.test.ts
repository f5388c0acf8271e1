// #15 items 2–4 through the real discord.js client and the fake Discord: the starter on
// /subscribe, /digest with its due time, /digest date:yesterday from the ledger, and an edited
// article listed once under "Updated" (test/helpers/digest-scenario.ts).
import { test } from 'node:test';
import { createBotDigests } from '../../../src/bot';
import type { FakeMessage, RecordedCall } from '../../fakes/discord/index';
import { runDigestScenario, SCENARIO_START } from '../../helpers/digest-scenario';
import { CHANNEL, startHarness } from './setup';

const MANAGE_CHANNELS = 1n << 4n;

interface Embed {
  title?: string;
  description?: string;
  author?: { name: string };
  footer?: { text: string };
  fields?: { name: string; value: string }[];
}
interface Body {
  content?: string;
  embeds?: Embed[];
}

/** What a user reads in a message: its text, then each embed's heading, title, text and fields. */
function visible(body: Body): string {
  const embeds = (body.embeds ?? []).map((e) =>
    [e.author?.name, e.title, e.description, ...(e.fields ?? []).map((f) => `${f.name}: ${f.value}`), e.footer?.text]
      .filter(Boolean)
      .join('\n'),
  );
  return [body.content ?? '', ...embeds].join('\n');
}

test('Discord: starter, due time, yesterday from the ledger, an edit listed once under Updated', { timeout: 30_000 }, async () => {
  const clock = { now: SCENARIO_START };
  const h = await startHarness({ bot: { clock: () => clock.now } });
  const runtime = createBotDigests(h.bot, () => [h.adapter], h.bot.log);
  const answerTo = (id: string, token: string): Promise<RecordedCall> =>
    h.fake.waitForCall((c) => {
      if (c.path === `/interactions/${id}/${token}/callback`) return [4, 7].includes((c.body as { type: number }).type);
      return c.path.startsWith(`/webhooks/${h.fake.applicationId}/${token}`) && c.method !== 'DELETE';
    });
  try {
    await runDigestScenario(
      { app: h.app, clock, runtime, channel: `discord:${CHANNEL}` },
      {
        async command(name, options = {}) {
          const sent = await h.fake.slashCommand({ name, options, channelId: CHANNEL, permissions: MANAGE_CHANNELS });
          const call = await answerTo(sent.id, sent.token);
          return visible(call.path.endsWith('/callback') ? ((call.body as { data?: Body }).data ?? {}) : (call.body as Body));
        },
        digestMessages: () =>
          h.fake
            .messagesIn(CHANNEL)
            .filter((m: FakeMessage) => m.interaction_metadata === undefined)
            .map((m) => visible(m as Body)),
      },
    );
  } finally {
    await runtime.stop();
    await h.close();
  }
});
