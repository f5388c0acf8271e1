import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ResponseLike } from 'discord.js';
import { preciseGlobalWait, requestPacer } from '../../../src/adapters/discord/request-pacer';
import type { Reply } from '../../../src/core/types';
import { CHANNEL, startHarness } from './setup';
import { busiestSecond } from '../../helpers/busiest-second';

const OK: ResponseLike = {
  body: null,
  bodyUsed: false,
  headers: new Headers(),
  status: 200,
  statusText: 'OK',
  ok: true,
  text: async () => '{}',
  json: async () => ({}),
  arrayBuffer: async () => new ArrayBuffer(0),
};

function response(status: number, headers: Record<string, string>, body: unknown): ResponseLike {
  const text = JSON.stringify(body);
  return { ...OK, status, ok: false, headers: new Headers(headers), text: async () => text, json: async () => JSON.parse(text) };
}

const API = 'http://127.0.0.1:1/api/v10';

describe('Discord request pacer', { timeout: 30_000 }, () => {
  test('requests leave at most the configured number a second, however many are asked at once', async () => {
    const sent: number[] = [];
    // Each request stamped with the pacer's own reading of the clock as it let it go.
    let now = 0;
    const pacer = requestPacer(20, { clock: () => (now = Date.now()), send: async () => (sent.push(now), OK) });
    await Promise.all(Array.from({ length: 50 }, (_, i) => pacer.makeRequest(`${API}/channels/${i}/messages`, { method: 'POST' })));
    assert.equal(sent.length, 50);
    assert.ok(busiestSecond(sent) <= 20, `busiest second: ${busiestSecond(sent)}`);
  });

  test("an interaction's answer does not wait behind a queue of other requests", async () => {
    const sent: string[] = [];
    const pacer = requestPacer(5, { send: async (url) => (sent.push(url), OK) });
    const queued = Array.from({ length: 20 }, (_, i) => pacer.makeRequest(`${API}/channels/${i}/messages`, { method: 'POST' }));
    assert.ok(pacer.waiting() > 10, 'most of the posts wait their turn');
    await pacer.makeRequest(`${API}/interactions/123456/tok-en/callback`, { method: 'POST' });
    await pacer.makeRequest(`${API}/webhooks/999/tok-en/messages/@original`, { method: 'PATCH' });
    assert.ok(sent.length <= 8, `answered before the queue drained (${sent.length} sent)`);
    assert.ok(sent.some((u) => u.includes('/interactions/')));
    await Promise.all(queued);
  });

  test("a global 429 is waited out to the body's millisecond, not the header's whole second", async () => {
    const res = await preciseGlobalWait(
      response(
        429,
        { 'Retry-After': '1', 'X-RateLimit-Global': 'true', 'Content-Type': 'application/json' },
        {
          message: 'You are being rate limited.',
          retry_after: 0.042,
          global: true,
        },
      ),
    );
    assert.equal(res.headers.get('Retry-After'), '0.042');
    assert.equal(((await res.json()) as { retry_after: number }).retry_after, 0.042, 'the body is still readable');
    const route = response(429, { 'Retry-After': '1' }, { retry_after: 0.042, global: false });
    assert.equal((await preciseGlobalWait(route)).headers.get('Retry-After'), '1', "a route's 429 is left as it is");
    const longer = response(429, { 'Retry-After': '1', 'X-RateLimit-Global': 'true' }, { retry_after: 3, global: true });
    assert.equal((await preciseGlobalWait(longer)).headers.get('Retry-After'), '1', 'never made longer');
  });

  test('the real client sending faster than the global limit gets no global 429 from Discord', async () => {
    // The fake allows 20 requests in any second; the bot is set to 15, leaving room for arrivals a
    // stall on this machine bunches. Sends are asked for at 25 a second, evenly, for 3 s — faster
    // than the limit, as several senders at once can be.
    const h = await startHarness({
      env: { DISCORD_GLOBAL_REQUESTS_PER_SECOND: '15' },
      fake: { rateLimits: { globalPerSecond: 20, routeLimit: 10_000, routeWindowMs: 1000 } },
    });
    try {
      const since = h.fake.calls.length;
      const reply: Reply = { blocks: [{ kind: 'text', text: 'paced' }] };
      const sends: Promise<unknown>[] = [];
      for (let i = 0; i < 75; i++) {
        sends.push(h.adapter.send(`discord:${CHANNEL}`, reply));
        await new Promise((r) => setTimeout(r, 40));
      }
      await Promise.all(sends);
      const posts = h.fake.calls.slice(since).filter((c) => c.method === 'POST' && c.path.endsWith('/messages'));
      const refused = posts.filter((c) => c.status === 429);
      assert.deepEqual(
        refused.map((c) => c.at),
        [],
        'no request was refused for the global limit',
      );
      assert.equal(posts.filter((c) => c.status === 200).length, 75, 'every message delivered once');
      assert.ok(busiestSecond(posts.map((c) => c.at)) <= 20);
    } finally {
      await h.close();
    }
  });
});
