import assert from 'node:assert/strict';
import { forEachEngine } from '../helpers/engines';
import { servingOnly } from '../digest/helpers';
import { CHECK_MS, fault, makeWatchEnv, notesOf, shownIds } from './helpers';

const LONG_WITHOUT_LORA = 'Serving large models cheaply: batching, paging the KV cache and speculative decoding. '.repeat(6);

forEachEngine('one alert per batch, listing each match with the watches it matched; nothing for a passing mention', async (f) => {
  const env = makeWatchEnv(undefined, { open: () => f.open() });
  try {
    env.watch('telegram:1', 'LoRA');
    env.watch('telegram:1', '扩散模型');
    env.watch('discord:2', 'reinforcement learning');
    const [lora, diffusion, passing] = env.add([
      { title: 'LoRA 微调实战' },
      { title: 'Diffusion models from scratch', text: 'A LoRA adapter on a diffusion model: training notes.' },
      { title: 'Inference at scale', text: LONG_WITHOUT_LORA + ' One could also try LoRA here.' },
    ]);
    const alerts = env.alerts();
    await env.time.run(alerts.start());
    const sent = env.sender.sentTo('telegram:1');
    assert.equal(sent.length, 1, 'one message for the batch');
    assert.deepEqual(shownIds(sent), [lora!.id, diffusion!.id], 'the passing mention is not listed');
    assert.deepEqual(notesOf(sent), ['LoRA 微调实战 → 🔔 LoRA', 'Diffusion models from scratch → 🔔 LoRA, 扩散模型']);
    assert.match(sent[0]!.title!, /2 new articles/);
    assert.equal(env.sender.sentTo('discord:2').length, 0, 'no watch of that chat matched');
    assert.ok(passing);

    // The batch is done: checking again sends nothing; the next article is the next batch.
    await env.time.run(alerts.check());
    assert.equal(env.sender.sent.length, 1);
    const [rl] = env.add([{ title: '强化学习入门' }]);
    await env.time.run(alerts.check());
    assert.deepEqual(shownIds(env.sender.sentTo('discord:2')), [rl!.id], 'glossary: Chinese title, English watch');
    assert.equal(env.sender.sentTo('telegram:1').length, 1);
    await alerts.stop();
  } finally {
    env.close();
  }
});

forEachEngine('a crash between planning and sending: the restart sends the frozen alert once, and never again', async (f) => {
  const env = makeWatchEnv(undefined, { open: () => f.open() });
  try {
    env.watch('telegram:1', 'LoRA');
    const [a] = env.add([{ title: 'LoRA 与 QLoRA 对比' }]);
    env.sender.faultFor = ({ n }) => (n === 0 ? new Error('process died') : undefined);
    const first = env.alerts();
    await env.time.run(first.start());
    assert.equal(env.sender.sent.length, 0);
    const [planned] = first.ledger.history('telegram:1');
    assert.equal(planned!.status, 'pending', 'planned and frozen before the send');
    await first.stop();

    env.sender.faultFor = undefined;
    const proc = env.openProcess();
    const second = env.alerts({ proc });
    await env.time.run(second.start());
    assert.deepEqual(shownIds(env.sender.sentTo('telegram:1')), [a!.id]);
    assert.deepEqual(
      second.ledger.history('telegram:1').map((x) => x.status),
      ['sent'],
    );
    await second.stop();

    const third = env.alerts({ proc: env.openProcess() });
    await env.time.run(third.start());
    await env.time.advanceBy(3 * CHECK_MS);
    assert.equal(env.sender.sent.length, 1, 'never a second time');
    await third.stop();
  } finally {
    env.close();
  }
});

forEachEngine('a 429 is waited out and the alert sent once: not lost, not doubled', async (f) => {
  const env = makeWatchEnv(undefined, { open: () => f.open() });
  try {
    env.watch('telegram:1', '扩散模型');
    env.add([{ title: '擴散模型的採樣加速' }]);
    env.sender.failNext('telegram:1', fault.rateLimited(5000));
    const alerts = env.alerts();
    await env.time.run(alerts.start());
    const calls = env.sender.calls.filter((c) => c.channel === 'telegram:1');
    assert.deepEqual(
      calls.map((c) => c.outcome),
      ['failed', 'ok'],
    );
    assert.ok(calls[1]!.at - calls[0]!.at >= 5000, 'waited as told');
    assert.equal(env.sender.sentTo('telegram:1').length, 1);
    await env.time.advanceBy(2 * CHECK_MS);
    assert.equal(env.sender.sentTo('telegram:1').length, 1);
    await alerts.stop();
  } finally {
    env.close();
  }
});

forEachEngine("another process's ingest reaches a running bot's chats at the next check", async (f) => {
  const env = makeWatchEnv(undefined, { open: () => f.open() });
  try {
    env.watch('discord:9', 'LoRA');
    const alerts = env.alerts();
    await env.time.run(alerts.start());
    const cli = env.openProcess(); // `cli ingest` on the same database
    const [a] = env.add([{ title: 'A LoRA cookbook' }], cli);
    await env.time.advanceBy(1000);
    assert.equal(env.sender.sent.length, 0, 'nothing told this process');
    await env.time.advanceBy(CHECK_MS);
    assert.deepEqual(shownIds(env.sender.sentTo('discord:9')), [a!.id], 'within one check interval');
    await alerts.stop();
  } finally {
    env.close();
  }
});

forEachEngine('alerts for a platform this process does not run wait for a process that runs it', async (f) => {
  const env = makeWatchEnv(undefined, { open: () => f.open() });
  try {
    env.watch('telegram:1', 'LoRA');
    env.watch('discord:2', 'LoRA');
    const [lora] = env.add([{ title: 'LoRA 微调实战' }]);
    const telegramOnly = env.alerts({ holder: 'tg', sender: servingOnly(env.sender, 'telegram') });
    await env.time.run(telegramOnly.start());
    await env.time.advanceBy(2 * CHECK_MS);
    assert.deepEqual(shownIds(env.sender.sentTo('telegram:1')), [lora!.id]);
    assert.equal(env.sender.sentTo('discord:2').length, 0);
    await telegramOnly.stop();
    const discordOnly = env.alerts({ holder: 'dc', sender: servingOnly(env.sender, 'discord'), proc: env.openProcess() });
    await env.time.run(discordOnly.start());
    assert.deepEqual(shownIds(env.sender.sentTo('discord:2')), [lora!.id], 'not lost: sent by the Discord process');
    assert.equal(env.sender.sentTo('telegram:1').length, 1);
    await discordOnly.stop();
  } finally {
    env.close();
  }
});

forEachEngine('two processes checking at once plan and send one alert between them', async (f) => {
  const env = makeWatchEnv(undefined, { open: () => f.open() });
  try {
    for (let i = 0; i < 20; i++) env.watch(`telegram:${100 + i}`, 'LoRA');
    env.add([{ title: 'LoRA ranks explained' }, { title: 'Why LoRA works' }]);
    env.sender.latencyFor = ({ n }) => (n % 3) * 700;
    const a = env.alerts({ holder: 'a' });
    const b = env.alerts({ holder: 'b', proc: env.openProcess() });
    await env.time.run(Promise.all([a.start(), b.start()]));
    await env.time.advanceBy(2 * CHECK_MS);
    for (let i = 0; i < 20; i++) assert.equal(env.sender.sentTo(`telegram:${100 + i}`).length, 1, `chat ${i}`);
    await Promise.all([a.stop(), b.stop()]);
  } finally {
    env.close();
  }
});

forEachEngine('a chat that refuses the bot pauses its alerts, once; a new watch resumes them without replaying the backlog', async (f) => {
  const env = makeWatchEnv(undefined, { open: () => f.open() });
  try {
    env.watch('telegram:5', 'LoRA');
    env.add([{ title: 'LoRA one' }]);
    env.sender.failNext('telegram:5', fault.permanent('bot was kicked from the group'));
    const alerts = env.alerts();
    await env.time.run(alerts.start());
    assert.equal(env.watches.chat('telegram:5')!.status, 'paused');
    assert.equal(alerts.ledger.history('telegram:5')[0]!.status, 'abandoned');
    env.add([{ title: 'LoRA two' }]);
    await env.time.advanceBy(2 * CHECK_MS);
    assert.equal(env.sender.calls.length, 1, 'no further attempts while paused');

    env.watch('telegram:5', 'QLoRA');
    assert.equal(env.watches.chat('telegram:5')!.status, 'active');
    const [three] = env.add([{ title: 'LoRA three' }]);
    await env.time.run(alerts.check());
    assert.deepEqual(shownIds(env.sender.sentTo('telegram:5')), [three!.id]);
    await alerts.stop();
  } finally {
    env.close();
  }
});
