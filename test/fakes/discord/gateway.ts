// The fake gateway: HELLO, IDENTIFY/RESUME, READY plus one GUILD_CREATE per guild, heartbeats, dispatches.

import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { guildCreateJson } from './payloads';
import { snowflake } from './snowflake';
import type { FakeState } from './state';
import type { IdentifyRecord, Payload } from './types';

/** GuildMembers, GuildPresences, MessageContent: refused with 4014 unless the test enables them. */
const PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15);

interface Session {
  ws: WebSocket;
  seq: number;
  sessionId?: string;
  /** True once READY and every GUILD_CREATE went out. */
  ready: boolean;
  /** [shard id, shard count] from IDENTIFY: the session gets only that shard's guilds. */
  shard: [number, number];
}

/** The shard a guild belongs to, as Discord computes it. */
export function shardOfGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** The guild an event is about, if any: what decides which shard's session receives it. */
function guildOfEvent(t: string, d: unknown): string | undefined {
  if (typeof d !== 'object' || d === null) return undefined;
  const o = d as { guild_id?: unknown; id?: unknown };
  if (typeof o.guild_id === 'string') return o.guild_id;
  return (t === 'GUILD_CREATE' || t === 'GUILD_DELETE') && typeof o.id === 'string' ? o.id : undefined;
}

export interface GatewayOptions {
  heartbeatIntervalMs: number;
  allowedPrivilegedIntents: number;
}

export class FakeGateway {
  readonly identifies: IdentifyRecord[] = [];
  readonly ready: Promise<void>;
  /** Set by the server once it listens; also the `resume_gateway_url`. */
  url = '';
  private resolveReady: () => void = () => {};
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Set<Session>();
  /** Every session id handed out, with its shard (a RESUME keeps it). */
  private readonly knownSessionIds = new Map<string, [number, number]>();
  /** When set, every IDENTIFY and RESUME is closed with this code (4004: the token is refused). */
  identifyCloseCode?: number;

  constructor(
    private readonly state: FakeState,
    private readonly options: GatewayOptions,
  ) {
    this.ready = new Promise((resolve) => (this.resolveReady = resolve));
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  /** Sends an event to every ready session (of the guild's shard, for a guild's event); returns how many received it. */
  dispatch(t: string, d: unknown): number {
    let sent = 0;
    const guild = guildOfEvent(t, d);
    for (const session of this.sessions) {
      if (!session.ready) continue;
      if (guild !== undefined && shardOfGuild(guild, session.shard[1]) !== session.shard[0]) continue;
      this.send(session, { op: 0, t, s: ++session.seq, d });
      sent++;
    }
    return sent;
  }

  get readySessions(): number {
    return [...this.sessions].filter((s) => s.ready).length;
  }

  /**
   * Ends every session with 4004, a code discord.js treats as final: a client not yet destroyed then stops
   * instead of reconnecting forever and keeping the test process alive. Stragglers are cut after a grace period.
   */
  async close(): Promise<void> {
    const closing = [...this.sessions].map(
      (session) =>
        new Promise<void>((resolve) => {
          if (session.ws.readyState === session.ws.CLOSED) return resolve();
          session.ws.once('close', () => resolve());
          session.ws.close(4004, 'fake Discord closed');
        }),
    );
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, 250)));
    await Promise.race([Promise.all(closing), grace]);
    clearTimeout(timer);
    for (const session of this.sessions) session.ws.terminate();
    this.sessions.clear();
    this.wss.close();
  }

  private accept(ws: WebSocket): void {
    const session: Session = { ws, seq: 0, ready: false, shard: [0, 1] };
    this.sessions.add(session);
    ws.on('close', () => this.sessions.delete(session));
    ws.on('error', () => this.sessions.delete(session));
    ws.on('message', (data) => this.onMessage(session, data));
    this.send(session, { op: 10, d: { heartbeat_interval: this.options.heartbeatIntervalMs } });
  }

  private onMessage(session: Session, data: RawData): void {
    let payload: Payload;
    try {
      payload = JSON.parse(data.toString()) as Payload;
    } catch {
      session.ws.close(4002, 'Error while decoding payload.');
      return;
    }
    const d = (payload.d ?? {}) as Payload;
    switch (payload.op) {
      case 1:
        this.send(session, { op: 11 });
        return;
      case 2:
        this.identify(session, d);
        return;
      case 6:
        this.resume(session, d);
        return;
      default:
        if (!session.sessionId) session.ws.close(4003, 'Not authenticated.');
    }
  }

  /** Closes every open session with `code`, as Discord does when it ends them (4004 after a token reset). */
  closeSessions(code: number, reason: string): void {
    for (const session of this.sessions) session.ws.close(code, reason);
  }

  private identify(session: Session, d: Payload): void {
    if (session.sessionId) return session.ws.close(4005, 'Already authenticated.');
    if (this.identifyCloseCode !== undefined) return session.ws.close(this.identifyCloseCode, 'Authentication failed.');
    if (d.token !== this.state.token) return session.ws.close(4004, 'Authentication failed.');
    const intents = typeof d.intents === 'number' ? d.intents : 0;
    this.identifies.push({ intents, shard: d.shard, at: Date.now() });
    if (intents & PRIVILEGED_INTENTS & ~this.options.allowedPrivilegedIntents) {
      return session.ws.close(4014, 'Disallowed intent(s).');
    }
    session.sessionId = snowflake();
    const shard = Array.isArray(d.shard) && d.shard.length === 2 ? d.shard.map(Number) : [0, 1];
    session.shard = [shard[0]!, shard[1]!];
    this.knownSessionIds.set(session.sessionId, session.shard);
    const guilds = [...this.state.guilds.values()].filter((g) => shardOfGuild(g.config.id, session.shard[1]) === session.shard[0]);
    this.send(session, {
      op: 0,
      t: 'READY',
      s: ++session.seq,
      d: {
        v: 10,
        user: this.state.botUser,
        guilds: guilds.map((g) => ({ id: g.config.id, unavailable: true })),
        session_id: session.sessionId,
        resume_gateway_url: this.url,
        shard: session.shard,
        application: { id: this.state.applicationId, flags: 0 },
        private_channels: [],
        relationships: [],
        presences: [],
        guild_join_requests: [],
        geo_ordered_rtc_regions: [],
        user_settings: {},
        _trace: ['fake-discord'],
      },
    });
    for (const guild of guilds) {
      const d = guildCreateJson(guild, this.state.channelsOf(guild.config.id), this.state.botUser);
      this.send(session, { op: 0, t: 'GUILD_CREATE', s: ++session.seq, d });
    }
    session.ready = true;
    this.resolveReady();
  }

  private resume(session: Session, d: Payload): void {
    if (d.token !== this.state.token || this.identifyCloseCode !== undefined)
      return session.ws.close(this.identifyCloseCode ?? 4004, 'Authentication failed.');
    if (typeof d.session_id !== 'string' || !this.knownSessionIds.has(d.session_id)) {
      this.send(session, { op: 9, d: false });
      return;
    }
    session.sessionId = d.session_id;
    session.shard = this.knownSessionIds.get(d.session_id)!;
    session.seq = typeof d.seq === 'number' ? d.seq : 0;
    session.ready = true;
    this.send(session, { op: 0, t: 'RESUMED', s: ++session.seq, d: {} });
  }

  private send(session: Session, payload: Payload): void {
    if (session.ws.readyState === session.ws.OPEN) session.ws.send(JSON.stringify(payload));
  }
}
