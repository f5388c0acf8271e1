// Remembers what a paginated reply was, so a button press can fetch another page.
// Platforms cap button payloads (Telegram: 64 bytes), so buttons carry a short token and
// the query lives here. Bounded: old entries fall out, and a stale button says so.
import { randomBytes } from 'node:crypto';
import type { Args, ChannelRef } from './types';

export interface PageState {
  command: string;
  args: Args;
  channel: ChannelRef;
  callerId: string;
}

export class PaginationStore {
  private readonly map = new Map<string, PageState>();

  constructor(private readonly capacity = 5000) {}

  save(state: PageState): string {
    const token = randomBytes(6).toString('base64url');
    this.map.set(token, state);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value!);
    return token;
  }

  get(token: string): PageState | undefined {
    return this.map.get(token);
  }
}
