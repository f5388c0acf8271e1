// startFakeDiscord: one 127.0.0.1 port serving the REST API under /api and the gateway under /gateway.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultInjector } from './faults';
import { FakeGateway } from './gateway';
import { FakeLifecycle } from './lifecycle';
import { autocompletePartial, buttonPressPartial, completeInteraction, slashCommandPartial } from './interactions';
import { userJson } from './payloads';
import { CallRecorder } from './recorder';
import { botRoutes } from './rest';
import { interactionRoutes } from './rest-interactions';
import { createRestHandler } from './router';
import { FakeState } from './state';
import { DiscordLimiter } from './rate-limits';
import { faultDrawer } from '../rate-window';
import type {
  AutocompleteInput,
  ButtonPressInput,
  Failure,
  FakeDiscordOptions,
  FakeMessage,
  IdentifyRecord,
  Payload,
  RecordedCall,
  RouteMatcher,
  SentInteraction,
  SlashCommandInput,
  WaitOptions,
} from './types';

export class FakeDiscord {
  /** Pass as `rest: { api }` to discord.js; @discordjs/rest appends `/v10/...`. */
  readonly apiRoot: string;
  readonly gatewayUrl: string;
  readonly token: string;
  readonly applicationId: string;
  /** The bot's user object (its id is the application id). */
  readonly botUser: Payload;
  /** Who sends interactions when a builder is given no `user`. */
  readonly defaultUser: Payload;
  /** Resolves once a client has IDENTIFYed and received READY and every GUILD_CREATE. */
  readonly ready: Promise<void>;
  /** Changes to the bot's place in servers, dispatched as Discord would (guild/channel/thread deleted, permissions). */
  readonly lifecycle: FakeLifecycle;

  constructor(
    private readonly server: Server,
    private readonly state: FakeState,
    private readonly recorder: CallRecorder,
    private readonly faults: FaultInjector,
    private readonly gateway: FakeGateway,
    port: number,
  ) {
    this.apiRoot = `http://127.0.0.1:${port}/api`;
    this.gatewayUrl = `ws://127.0.0.1:${port}/gateway`;
    this.token = state.token;
    this.applicationId = state.applicationId;
    this.botUser = state.botUser;
    this.defaultUser = userJson({ username: 'tester', globalName: 'Tester' });
    this.ready = gateway.ready;
    this.lifecycle = new FakeLifecycle(state, gateway);
  }

  /** Ends every gateway session with `code` (4004: the token was reset; discord.js does not reconnect). */
  closeGateway(code: number, reason = 'Authentication failed.'): void {
    this.gateway.closeSessions(code, reason);
  }

  /** From now on IDENTIFY and RESUME are closed with `code` (default 4004), though REST still answers. */
  refuseIdentify(code = 4004): void {
    this.gateway.identifyCloseCode = code;
  }

  get calls(): readonly RecordedCall[] {
    return this.recorder.calls;
  }

  /** Current position in `calls`; pass as `since` to only wait for calls made after this point. */
  mark(): number {
    return this.recorder.calls.length;
  }

  /** Calls whose `"METHOD /path"` matches, e.g. `/^POST \/channels\/1\/messages$/`. */
  callsTo(pattern: RegExp): RecordedCall[] {
    return this.recorder.callsTo(pattern);
  }

  waitForCall(predicate: ((call: RecordedCall) => boolean) | RegExp, options?: WaitOptions): Promise<RecordedCall> {
    const test = predicate instanceof RegExp ? (c: RecordedCall) => predicate.test(`${c.method} ${c.path}`) : predicate;
    return this.recorder.waitFor(test, options);
  }

  /** Messages now visible in the channel (current content after edits), oldest first; ephemeral ones excluded. */
  messagesIn(channelId: string): FakeMessage[] {
    return this.state.messagesIn(channelId);
  }

  /** Posts (threads) opened in a forum channel, oldest first, each with its messages. */
  forumPosts(forumId: string): { id: string; name: string; ownerId?: string; messages: FakeMessage[] }[] {
    return this.state
      .postsIn(forumId)
      .map((t) => ({ id: t.id, name: t.name ?? '', ...(t.ownerId ? { ownerId: t.ownerId } : {}), messages: this.state.messagesIn(t.id) }));
  }

  /** The initial callback, follow-ups and edits made for one interaction, in order. */
  interactionResponses(interactionId: string): RecordedCall[] {
    const interaction = this.state.interactions.get(interactionId);
    if (!interaction) return [];
    const webhook = `/webhooks/${this.applicationId}/${interaction.token}`;
    return this.recorder.calls.filter(
      (c) => c.path.startsWith(`/interactions/${interactionId}/`) || c.path === webhook || c.path.startsWith(`${webhook}/`),
    );
  }

  /** Registered commands: global ones, or a guild's. */
  commands(guildId?: string): Payload[] {
    return guildId === undefined ? this.state.globalCommands : (this.state.guildCommands.get(guildId) ?? []);
  }

  get identifies(): readonly IdentifyRecord[] {
    return this.gateway.identifies;
  }

  /** Queue a failure for the next `times` calls matching `"METHOD /path"` (or `{method, path}`). */
  failNext(matcher: RouteMatcher, failure: Failure, options: { times?: number } = {}): void {
    this.faults.add(matcher, failure, options.times ?? 1);
  }

  clearFailures(): void {
    this.faults.clear();
  }

  /** Dispatch INTERACTION_CREATE with defaults filled in; waits for a ready gateway session first. */
  async sendInteraction(partial: Payload): Promise<SentInteraction> {
    await this.whenReady(5000);
    const { payload, record } = completeInteraction(this.state, this.defaultUser, partial);
    this.state.interactions.set(record.id, record);
    if (this.gateway.dispatch('INTERACTION_CREATE', payload) === 0) {
      throw new Error('sendInteraction: no gateway session is connected');
    }
    return { id: record.id, token: record.token };
  }

  slashCommand(input: SlashCommandInput): Promise<SentInteraction> {
    return this.sendInteraction(slashCommandPartial(this.state, this.defaultUser, input));
  }

  autocomplete(input: AutocompleteInput): Promise<SentInteraction> {
    return this.sendInteraction(autocompletePartial(this.state, this.defaultUser, input));
  }

  buttonPress(input: ButtonPressInput): Promise<SentInteraction> {
    return this.sendInteraction(buttonPressPartial(this.state, this.defaultUser, input));
  }

  private async whenReady(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no client reached READY within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([this.ready, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Send any other gateway event to connected clients (e.g. GUILD_DELETE); returns how many sessions got it. */
  dispatch(event: string, data: unknown): number {
    return this.gateway.dispatch(event, data);
  }

  /** Stops everything; destroy the discord.js client first, or it sees close code 4004 and gives up. */
  async close(): Promise<void> {
    this.recorder.close();
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const state = new FakeState(options);
  const recorder = new CallRecorder();
  const faults = new FaultInjector();
  const gateway = new FakeGateway(state, {
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
    allowedPrivilegedIntents: options.allowedPrivilegedIntents ?? 0,
  });
  const routes = [...interactionRoutes(state), ...botRoutes(state, () => gateway.url)];
  const handle = createRestHandler({
    routes,
    token: state.token,
    recorder,
    faults,
    ...(options.rateLimits ? { limiter: new DiscordLimiter(options.rateLimits) } : {}),
    ...(options.faults ? { drawFault: faultDrawer(options.faults), timeoutMs: options.faults.timeoutMs ?? 2000 } : {}),
  });
  const server = createServer((req, res) => {
    void handle(req, res);
  });
  server.on('upgrade', (req, socket, head) => {
    if ((req.url ?? '').startsWith('/gateway')) gateway.handleUpgrade(req, socket, head);
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const fake = new FakeDiscord(server, state, recorder, faults, gateway, port);
  gateway.url = fake.gatewayUrl;
  return fake;
}
