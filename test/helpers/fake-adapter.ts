// A platform adapter without a platform: it satisfies the Adapter contract and reaches the
// bot only through the BotPort, as the real adapters do, so router, pagination and digest
// tests run without the HTTP fakes. Channels are `fake:<id>`.
import type { BotPort } from '../../src/core/port';
import type { Adapter, ChannelRef, Locale, Pacing, Reply, SendResult } from '../../src/core/types';

export interface FakeCaller {
  channel?: string;
  callerId?: string;
  locale?: Locale;
  isPrivate?: boolean;
  admin?: boolean;
}

export interface FakeAdapterOptions {
  pacing?: Pacing;
  /** How long each unprompted send takes, in real milliseconds (default 0). */
  sendMs?: number;
  split?: (reply: Reply) => Reply[];
}

export function createFakeAdapter(bot: BotPort, opts: FakeAdapterOptions = {}) {
  const sent: { channel: ChannelRef; reply: Reply }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const invocation = (c: FakeCaller) => ({
    channel: c.channel ?? 'fake:1',
    caller: { id: c.callerId ?? 'u1' },
    locale: c.locale ?? 'en',
    isPrivate: c.isPrivate ?? false,
    isChannelAdmin: async () => c.admin ?? true,
  });
  const adapter = {
    platform: 'fake',
    ...(opts.pacing ? { pacing: opts.pacing } : {}),
    async start() {},
    async stop() {},
    split: (reply: Reply) => (opts.split ? opts.split(reply) : [reply]),
    async send(channel: ChannelRef, reply: Reply): Promise<SendResult> {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      try {
        if (opts.sendMs) await new Promise((resolve) => setTimeout(resolve, opts.sendMs));
        sent.push({ channel, reply });
        return { messageId: `fake-${sent.length}` };
      } finally {
        inFlight--;
      }
    },
  } satisfies Adapter;
  return Object.assign(adapter, {
    sent,
    /** Most unprompted sends that were in flight at once. */
    maxInFlight: () => maxInFlight,
    /** A user types `/command words…`; a list with more pages gets a page token, as a platform's buttons would. */
    async command(line: string, caller: FakeCaller = {}): Promise<{ reply: Reply | null; token?: string }> {
      const m = /^\/(\S+)\s*([\s\S]*)$/.exec(line.trim());
      if (!m) throw new Error(`not a command: ${line}`);
      const inv = { ...invocation(caller), command: m[1]!, text: m[2]! };
      const reply = await bot.handle(inv);
      const p = reply?.pagination;
      if (!reply || !p || p.pages <= 1) return { reply };
      return { reply, token: bot.pages.save({ command: p.command, args: p.args, channel: inv.channel, callerId: inv.caller.id }) };
    },
    /** A page button pressed: null when the token is unknown or belongs to another channel. */
    async page(token: string, page: number, caller: FakeCaller = {}): Promise<Reply | null> {
      const inv = invocation(caller);
      const state = bot.pages.get(token);
      if (!state || state.channel !== inv.channel) return null;
      return bot.handle({ ...inv, command: state.command, values: { ...state.args, page } });
    },
  });
}

export type FakeAdapter = ReturnType<typeof createFakeAdapter>;
