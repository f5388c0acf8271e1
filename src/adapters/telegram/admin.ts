// Who may change a chat's settings: the user of a private chat, the channel itself in a
// channel, and in groups whoever getChatMember calls creator/administrator (cached briefly,
// since every admin-only command would otherwise cost an API call).
import { LRUCache } from 'lru-cache';

export type ChatKind = 'private' | 'group' | 'supergroup' | 'channel';

export interface Poster {
  chat: { id: number; type: ChatKind };
  from?: { id: number };
  /** Set when a message is sent on behalf of a chat: the group (anonymous admin) or a channel. */
  senderChat?: { id: number };
}

/** 'yes'/'no' when the message alone settles it; 'ask' when only Telegram knows. */
export function adminRule(p: Poster): 'yes' | 'no' | 'ask' {
  if (p.chat.type === 'private' || p.chat.type === 'channel') return 'yes';
  if (p.senderChat) return p.senderChat.id === p.chat.id ? 'yes' : 'no';
  return p.from ? 'ask' : 'no';
}

export type StatusLookup = (chatId: number, userId: number) => Promise<string>;

export class AdminCache {
  private readonly seen: LRUCache<string, boolean>;

  constructor(
    private readonly lookup: StatusLookup,
    clock: () => number = Date.now,
    ttlMs = 60_000,
    capacity = 10_000,
  ) {
    // ttlResolution 0: read the (injected) clock on every lookup rather than caching it for a millisecond.
    this.seen = new LRUCache({ max: capacity, ttl: ttlMs, ttlResolution: 0, perf: { now: clock } });
  }

  /** Throws when Telegram cannot be asked; failures are not cached. */
  async isAdmin(chatId: number, userId: number): Promise<boolean> {
    const key = `${chatId}:${userId}`;
    const hit = this.seen.get(key);
    if (hit !== undefined) return hit;
    const status = await this.lookup(chatId, userId);
    const admin = status === 'creator' || status === 'administrator';
    this.seen.set(key, admin);
    return admin;
  }

  /** The check a command's context gets: lazy, so only admin-only commands cost a lookup. */
  checkFor(p: Poster, onError: (err: unknown) => void): () => Promise<boolean> {
    return async () => {
      const rule = adminRule(p);
      if (rule !== 'ask') return rule === 'yes';
      try {
        return await this.isAdmin(p.chat.id, p.from!.id);
      } catch (err) {
        // Unknown is treated as no: the user gets the polite refusal and can try again.
        onError(err);
        return false;
      }
    };
  }
}
