// The fakes' opt-in rate limits: a client that goes over a platform's limit is refused the
// way the platform refuses it (Telegram: 429 with retry_after; Discord: 429 with
// retry_after and X-RateLimit-* headers), and a well-behaved client that reads them is not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, GatewayIntentBits, type TextChannel } from 'discord.js';
import { startFakeDiscord } from './discord/index';
import { startFakeTelegram } from './telegram/index';

const PRIVATE = 501;
const GROUP = -502;

async function tg(apiRoot: string, token: string, chatId: number, text = 'hi') {
  const res = await fetch(`${apiRoot}/bot${token}/sendMessage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ chat_id: chatId, text }),
  });
  return { status: res.status, body: (await res.json()) as { ok: boolean; parameters?: { retry_after?: number } } };
}

test('fake Telegram: past 1 message a second to a chat, 20 a minute to a group or 30 a second overall, it answers 429 with retry_after', async () => {
  const fake = await startFakeTelegram({ rateLimits: { perSecond: 4, perChatPerSecond: 1, perGroupPerMinute: 2 } });
  try {
    const { apiRoot, token } = fake;
    assert.equal((await tg(apiRoot, token, PRIVATE)).status, 200);
    const second = await tg(apiRoot, token, PRIVATE);
    assert.equal(second.status, 429, 'a second message to the same private chat within the second');
    assert.equal(second.body.parameters?.retry_after, 1);
    assert.equal((await tg(apiRoot, token, GROUP)).status, 200);
    assert.equal((await tg(apiRoot, token, GROUP)).status, 200, 'a group takes two a minute here');
    const third = await tg(apiRoot, token, GROUP);
    assert.equal(third.status, 429);
    assert.ok(third.body.parameters!.retry_after! >= 50, `a group waits for its minute to pass (${third.body.parameters?.retry_after} s)`);
    assert.equal((await tg(apiRoot, token, 503)).status, 200, 'the fourth message of the second, to another chat');
    const overall = await tg(apiRoot, token, 504);
    assert.equal(overall.status, 429, 'the fifth message of the second, whatever the chat');
    assert.equal(fake.messagesIn(504).length, 0, 'a refused message is not delivered');
    assert.equal(fake.callsOf('getMe').length, 0);
  } finally {
    await fake.close();
  }
});

test('fake Telegram: scaled limits keep their shape at 10× the rate', async () => {
  const fake = await startFakeTelegram({ rateLimits: { perSecond: 30, perChatPerSecond: 1, scale: 10 } });
  try {
    assert.equal((await tg(fake.apiRoot, fake.token, PRIVATE)).status, 200);
    assert.equal((await tg(fake.apiRoot, fake.token, PRIVATE)).status, 429);
    await new Promise((r) => setTimeout(r, 120)); // a tenth of a second is "a second" at 10×
    assert.equal((await tg(fake.apiRoot, fake.token, PRIVATE)).status, 200);
  } finally {
    await fake.close();
  }
});

test('fake Discord: per-channel buckets and the global limit, announced in X-RateLimit-* headers, enforced with 429', async () => {
  const fake = await startFakeDiscord({
    guilds: [
      {
        id: '700000001',
        channels: [
          { id: '700000011', name: 'a' },
          { id: '700000012', name: 'b' },
        ],
      },
    ],
    rateLimits: { globalPerSecond: 4, routeLimit: 2, routeWindowMs: 5000 },
  });
  try {
    const post = (channel: string) =>
      fetch(`${fake.apiRoot}/v10/channels/${channel}/messages`, {
        method: 'POST',
        headers: { authorization: `Bot ${fake.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ content: 'hi' }),
      });
    const a1 = await post('700000011');
    assert.equal(a1.status, 200);
    assert.equal(a1.headers.get('x-ratelimit-limit'), '2');
    assert.equal(a1.headers.get('x-ratelimit-remaining'), '1');
    assert.ok(Number(a1.headers.get('x-ratelimit-reset-after')) > 4, 'the bucket resets 5 s after its first request');
    assert.ok(Number(a1.headers.get('x-ratelimit-reset')) * 1000 > Date.now());
    const a2 = await post('700000011');
    assert.equal(a2.headers.get('x-ratelimit-remaining'), '0');
    const a3 = await post('700000011');
    assert.equal(a3.status, 429, 'a third message in the bucket');
    const body = (await a3.json()) as { retry_after: number; global: boolean };
    assert.equal(body.global, false);
    assert.ok(body.retry_after > 4 && body.retry_after <= 5);
    assert.equal(a3.headers.get('x-ratelimit-scope'), 'user');
    const b1 = await post('700000012');
    assert.equal(b1.status, 200, 'another channel has its own bucket');
    assert.equal(b1.headers.get('x-ratelimit-bucket'), a1.headers.get('x-ratelimit-bucket'), 'one route, one bucket hash');
    await post('700000012');
    const g = await post('700000012');
    assert.equal(g.status, 429, 'the fifth request of the second: the global limit');
    assert.equal(g.headers.get('x-ratelimit-global'), 'true');
    assert.equal(((await g.json()) as { global: boolean }).global, true);
    assert.equal(fake.messagesIn('700000011').length, 2);
  } finally {
    await fake.close();
  }
});

test('fake Discord: discord.js reads the headers and waits, so it never hits the per-channel limit', { timeout: 20_000 }, async () => {
  const fake = await startFakeDiscord({
    guilds: [{ id: '700000001', channels: [{ id: '700000011', name: 'a' }] }],
    rateLimits: { routeLimit: 2, routeWindowMs: 5000, scale: 10 },
  });
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiRoot } });
  try {
    await client.login(fake.token);
    await fake.ready;
    const channel = (await client.channels.fetch('700000011')) as TextChannel;
    const t0 = Date.now();
    for (let i = 0; i < 6; i++) await channel.send(`m${i}`);
    assert.equal(fake.messagesIn('700000011').length, 6);
    assert.equal(
      fake.callsTo(/^POST \/channels\/700000011\/messages$/).filter((c) => c.status === 429).length,
      0,
      'no 429: it waited as told',
    );
    assert.ok(Date.now() - t0 >= 900, 'three windows of 0.5 s: two waits');
  } finally {
    await client.destroy();
    await fake.close();
  }
});
