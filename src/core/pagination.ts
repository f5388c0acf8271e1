// Remembers what a paginated reply was, so a button press can fetch another page.
// Platforms cap button payloads (Telegram: 64 bytes), so buttons carry a short token and
// the query lives here. Bounded: the least recently used fall out, and a stale button says so.
import { randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Args, ChannelRef } from './types';

export interface PageState {
  command: string;
  args: Args;
  channel: ChannelRef;
  callerId: string;
}

export class PaginationStore {
  private readonly map: LRUCache<string, PageState>;

  constructor(capacity = 5000) {
    this.map = new LRUCache({ max: capacity });
  }

  save(state: PageState): string {
    const token = randomBytes(6).toString('base64url');
    this.map.set(token, state);
    return token;
  }

  get(token: string): PageState | undefined {
    return this.map.get(token);
  }
}
