// The fake Discord's wire rules checked without discord.js: REST auth, gateway handshake, interaction acks.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startFakeDiscord, type FakeDiscord } from './index';

const GUILD = '100000000000000001';
const CHANNEL = '200000000000000001';

describe('fake Discord without discord.js', { timeout: 10_000 }, () => {
  let fake: FakeDiscord;
  before(async () => {
    fake = await startFakeDiscord({ token: 'right', guilds: [{ id: GUILD, channels: [{ id: CHANNEL, name: 'c' }] }] });
  });
  after(() => fake.close());

  test('REST without the bot token gets 401', async () => {
    const res = await fetch(`${fake.apiRoot}/v10/users/@me`, { headers: { authorization: 'Bot wrong' } });
    assert.equal(res.status, 401);
    assert.deepEqual(await res.json(), { message: '401: Unauthorized', code: 0 });
    const ok = await fetch(`${fake.apiRoot}/v10/users/@me`, { headers: { authorization: 'Bot right' } });
    assert.equal(((await ok.json()) as { id: string }).id, fake.applicationId);
  });

  test('gateway answers heartbeats and closes a wrong IDENTIFY with 4004', async () => {
    const ws = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json`);
    const frames: { op: number }[] = [];
    const ack = new Promise<void>((resolve) =>
      ws.on('message', (data) => {
        const frame = JSON.parse(data.toString()) as { op: number };
        frames.push(frame);
        if (frame.op === 10) ws.send(JSON.stringify({ op: 1, d: null }));
        if (frame.op === 11) resolve();
      }),
    );
    await ack;
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    ws.send(JSON.stringify({ op: 2, d: { token: 'wrong', intents: 1, properties: {} } }));
    assert.equal(await closed, 4004);
    assert.deepEqual(
      frames.map((f) => f.op),
      [10, 11],
    );
  });

  test('a second interaction response is refused with 40060', async () => {
    const ws = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json`);
    ws.on('open', () => ws.send(JSON.stringify({ op: 2, d: { token: 'right', intents: 1, properties: {} } })));
    await fake.ready;
    const sent = await fake.slashCommand({ name: 'x', channelId: CHANNEL });
    const url = `${fake.apiRoot}/v10/interactions/${sent.id}/${sent.token}/callback`;
    const post = () =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 4, data: { content: 'hi' } }),
      });
    assert.equal((await post()).status, 204);
    const second = await post();
    assert.equal(second.status, 400);
    assert.equal(((await second.json()) as { code: number }).code, 40060);
    ws.terminate();
  });
});
