// Routes unprompted messages (digests) to the adapter that owns a channel, by the
// channel ref's platform prefix (`telegram:-100123` → the Telegram adapter).
import { DeliveryError } from './errors';
import type { Adapter, ChannelRef, Pacing, Reply, SendContext, SendResult } from './types';

export interface DigestSender {
  /** Splits a reply into messages that each fit the channel's platform limits. */
  split(channel: ChannelRef, reply: Reply): Reply[];
  /** Sends one message; throws DeliveryError when the platform refuses. */
  send(channel: ChannelRef, reply: Reply, context?: SendContext): Promise<SendResult>;
  /** How fast a platform (`telegram`) may be sent to, as its adapter declares; undefined: unpaced. */
  pacing?(platform: string): Pacing | undefined;
  /**
   * Whether this process delivers to the channel (default: yes): it runs the channel's platform
   * and, for a sharded Discord bot, the shard of its server. Digests for one it does not are left
   * to a process that does (or to this one's catch-up once it does): planned here, they would be
   * split without the platform's limits, and sent by a process that does not hold its server.
   */
  serves?(channel: ChannelRef): boolean;
}

export function platformOf(channel: ChannelRef): string {
  const i = channel.indexOf(':');
  return i < 0 ? '' : channel.slice(0, i);
}

export function createSender(adapters: () => Adapter[]): DigestSender {
  const find = (channel: ChannelRef) => adapters().find((a) => a.platform === platformOf(channel));
  return {
    split(channel, reply) {
      const a = find(channel);
      return a?.split ? a.split(reply) : [reply];
    },
    async send(channel, reply, context) {
      const a = find(channel);
      if (!a) {
        // The platform isn't running in this process (no token, or it was refused): keep it for later, don't drop.
        throw new DeliveryError({ kind: 'offline' }, `no adapter running for ${platformOf(channel) || channel}`);
      }
      return a.send(channel, reply, context);
    },
    pacing: (platform) => adapters().find((a) => a.platform === platform)?.pacing,
    serves(channel) {
      const a = find(channel);
      return a !== undefined && (a.serves?.(channel) ?? true);
    },
  };
}
