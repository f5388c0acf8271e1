// The fake Telegram Bot API server: routes /bot<token>/<method> over node:http on 127.0.0.1,
// records every call, and lets tests inject updates, failures and held responses.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CallbackQuery, InlineQuery, Message, Update, User } from 'telegraf/types';
import type { FakeTelegram, FakeTelegramOptions, Injected } from './api';
import { optBool, optInt, readParams, type Params } from './body';
import { ApiError, failureToError, type Failure } from './errors';
import * as inject from './inject';
import { buildMyChatMember, migrationMessage, type InjectMyChatMemberOptions } from './lifecycle';
import { HANDLERS, METHOD_NAMES } from './methods';
import { CallLog } from './recorder';
import { FakeState, inferChatType } from './state';
import type { Call, ChatSpec, MemberStatus, SentMessage, WaitOptions } from './types';
import { UpdateQueue } from './updates';
import { isSend, TelegramLimiter } from './limits';
import { faultDrawer, type FaultDraw } from '../rate-window';

interface PendingFailure {
  method: string;
  chatId?: string;
  failure: Failure;
  remaining: number;
}

class FakeTelegramServer implements FakeTelegram {
  apiRoot = '';
  readonly bot: User;
  private readonly state: FakeState;
  private readonly log = new CallLog();
  private readonly queue = new UpdateQueue();
  private readonly failures: PendingFailure[] = [];
  private readonly holding = new Set<string>();
  private readonly held = new Map<string, { res: ServerResponse; send: () => void }[]>();
  private readonly open = new Set<ServerResponse>();
  private readonly server = createServer((req, res) => {
    this.handle(req, res).catch((error: unknown) => this.write(res, error));
  });
  private closing?: Promise<void>;
  private revoked = false;
  private readonly limiter?: TelegramLimiter;
  private readonly drawFault: () => FaultDraw;
  private readonly timeoutMs: number;

  constructor(
    readonly token: string,
    botUsername: string,
    private readonly strictEntities: boolean,
    opts: FakeTelegramOptions = {},
  ) {
    const id = Number(/^(\d+):/.exec(token)?.[1] ?? 1);
    this.bot = { id, is_bot: true, first_name: botUsername, username: botUsername };
    this.state = new FakeState(this.bot);
    if (opts.rateLimits) this.limiter = new TelegramLimiter(opts.rateLimits, (chatId) => this.state.chats.get(chatId)?.type);
    this.drawFault = faultDrawer(opts.faults);
    this.timeoutMs = opts.faults?.timeoutMs ?? 2000;
  }

  async listen(): Promise<void> {
    // Outlive the client's idle keep-alive sockets so the server never closes one the client
    // is about to reuse (that race shows up in telegraf as a FetchError and a 5 s retry pause).
    this.server.keepAliveTimeout = 120_000;
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    this.apiRoot = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get calls(): readonly Call[] {
    return this.log.calls;
  }
  callsOf(method: string): Call[] {
    return this.log.callsOf(method);
  }
  mark(): number {
    return this.log.mark();
  }
  waitForCall(
    method: string,
    predicate?: (params: Record<string, unknown>, call: Call) => boolean,
    opts?: WaitOptions | number,
  ): Promise<Call> {
    return this.log.waitForCall(method, predicate, opts);
  }

  injectMessage(opts: inject.InjectMessageOptions): Injected & { message: Message.TextMessage } {
    const mark = this.mark();
    const message = inject.buildMessage(this.state, opts);
    const update = this.queue.push((id) => inject.messageUpdate(id, message));
    return { updateId: update.update_id, update, mark, message };
  }

  injectCallbackQuery(opts: inject.InjectCallbackOptions): Injected & { callbackQuery: CallbackQuery.DataQuery } {
    const mark = this.mark();
    const callbackQuery = inject.buildCallbackQuery(this.state, opts);
    const update = this.queue.push((update_id): Update => ({ update_id, callback_query: callbackQuery }));
    return { updateId: update.update_id, update, mark, callbackQuery };
  }

  injectInlineQuery(opts: inject.InjectInlineOptions): Injected & { inlineQuery: InlineQuery } {
    const mark = this.mark();
    const inlineQuery = inject.buildInlineQuery(this.state, opts);
    const update = this.queue.push((update_id): Update => ({ update_id, inline_query: inlineQuery }));
    return { updateId: update.update_id, update, mark, inlineQuery };
  }

  injectUpdate(fields: Record<string, unknown>): Injected {
    const mark = this.mark();
    // The caller vouches for the shape; the fake only assigns the id.
    const update = this.queue.push((update_id) => ({ ...fields, update_id }) as unknown as Update);
    return { updateId: update.update_id, update, mark };
  }

  injectMyChatMember(opts: InjectMyChatMemberOptions): Injected {
    const mark = this.mark();
    const change = buildMyChatMember(this.state, opts);
    // Sends after the change succeed or fail as they would on Telegram ('restricted' = may not post).
    const gone = opts.newStatus === 'left' || opts.newStatus === 'kicked';
    const posting =
      opts.chat.type === 'channel'
        ? opts.newStatus === 'creator' || (opts.newStatus === 'administrator' && opts.canPostMessages !== false)
        : opts.newStatus !== 'restricted' || opts.canSendMessages === true;
    this.state.setMember(opts.chat.id, this.bot.id, gone ? opts.newStatus : posting ? 'member' : 'restricted');
    const update = this.queue.push((update_id): Update => ({ update_id, my_chat_member: change }));
    return { updateId: update.update_id, update, mark };
  }

  migrateGroup(from: ChatSpec, to: ChatSpec): Injected[] {
    this.state.migrated.set(from.id, to.id);
    return [
      [from, 'migrate_to_chat_id', to.id],
      [to, 'migrate_from_chat_id', from.id],
    ].map(([chat, field, other]) => {
      const mark = this.mark();
      const built = migrationMessage(this.state, chat as ChatSpec, field as 'migrate_to_chat_id' | 'migrate_from_chat_id', other as number);
      const update = this.queue.push((update_id) => ({ ...built, update_id }));
      return { updateId: update.update_id, update, mark };
    });
  }

  setTopicClosed(chat: ChatSpec, threadId: number, closed: boolean): Injected {
    if (closed) this.state.closedTopics.add(`${chat.id}:${threadId}`);
    else this.state.closedTopics.delete(`${chat.id}:${threadId}`);
    const mark = this.mark();
    const spec = this.state.rememberChat(chat);
    const message = {
      message_id: this.state.nextMessageId(spec.id),
      date: Math.floor(Date.now() / 1000),
      chat: this.state.chatObject(spec),
      message_thread_id: threadId,
      is_topic_message: true,
      ...(closed ? { forum_topic_closed: {} } : { forum_topic_reopened: {} }),
    };
    const update = this.queue.push((update_id) => ({ update_id, message }) as unknown as Update);
    return { updateId: update.update_id, update, mark };
  }

  revokeToken(): void {
    this.revoked = true;
    this.queue.failOpenPolls(new ApiError(401, 'Unauthorized'));
  }

  pendingUpdates(): Update[] {
    return this.queue.pending();
  }

  failNext(method: string, failure: Failure, opts: { chatId?: number | string; times?: number } = {}): void {
    const pending: PendingFailure = { method, failure, remaining: opts.times ?? 1 };
    if (opts.chatId !== undefined) pending.chatId = String(opts.chatId);
    this.failures.push(pending);
  }
  clearFailures(): void {
    this.failures.length = 0;
  }

  holdResponses(method: string): void {
    this.holding.add(method);
  }
  releaseResponses(method: string): void {
    this.holding.delete(method);
    const waiting = this.held.get(method) ?? [];
    this.held.delete(method);
    for (const { send } of waiting) send();
  }

  setChat(chat: ChatSpec): void {
    this.state.rememberChat(chat);
  }
  setChatMember(chatId: number, userId: number, status: MemberStatus): void {
    this.state.setMember(chatId, userId, status);
  }
  messagesIn(chatId: number): SentMessage[] {
    return this.state.botMessagesIn(chatId);
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.queue.close();
    // Held calls model a client that never got its answer; they stay unanswered.
    for (const list of this.held.values()) for (const { res } of list) res.destroy();
    this.held.clear();
    // Let the [] answers reach the pollers before the sockets go away.
    const inFlight = [...this.open].map((res) => new Promise<void>((resolve) => res.once('close', () => resolve())));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(inFlight), new Promise<void>((resolve) => (timer = setTimeout(resolve, 1000)))]);
    clearTimeout(timer);
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private takeFailure(method: string, params: Params): Failure | undefined {
    const chatId = params.chat_id === undefined ? undefined : String(params.chat_id);
    const i = this.failures.findIndex((f) => f.method === method && (f.chatId === undefined || f.chatId === chatId));
    if (i < 0) return undefined;
    const pending = this.failures[i]!;
    if (--pending.remaining <= 0) this.failures.splice(i, 1);
    return pending.failure;
  }

  private chatTypeOf(params: Params): string | undefined {
    const id = Number(params.chat_id);
    if (!Number.isSafeInteger(id) || id === 0) return undefined;
    return this.state.chats.get(id)?.type ?? inferChatType(id);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.open.add(res);
    res.once('close', () => this.open.delete(res));
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = /^\/bot([^/]+)\/([^/]+)\/?$/.exec(url.pathname);
    if (!route) {
      req.resume();
      return this.write(res, new ApiError(404, 'Not Found'));
    }
    const token = route[1]!;
    const rawMethod = route[2]!;
    let params: Params = {};
    let bodyError: unknown;
    try {
      params = await readParams(req, url);
    } catch (error) {
      bodyError = error;
    }
    const known = METHOD_NAMES.get(rawMethod.toLowerCase());
    const method = known ?? rawMethod;
    const call = this.log.add(method, params);

    let outcome: unknown;
    let injected = false;
    try {
      if (token !== this.token || this.revoked) throw new ApiError(401, 'Unauthorized');
      if (bodyError) throw bodyError;
      if (!known) throw new ApiError(404, 'Not Found: method not found');
      const failure = this.takeFailure(method, params);
      if (failure) {
        injected = true;
        throw failureToError(failure, this.chatTypeOf(params));
      }
      if (isSend(method)) {
        const fault = this.drawFault();
        if (fault === 'timeout') {
          // Never answered and never done: the connection drops once the client has waited.
          call.failed = { code: 0, description: 'dropped (injected timeout)', injected: true };
          this.log.settle(call);
          setTimeout(() => res.destroy(), this.timeoutMs).unref();
          return;
        }
        if (fault) {
          injected = true;
          throw fault === 'rate-limited'
            ? new ApiError(429, 'Too Many Requests: retry after 1', { retry_after: 1 })
            : failureToError({ kind: 'server-error' });
        }
        this.limiter?.admit(method, params.chat_id, Date.now());
      }
      outcome = method === 'getUpdates' ? this.getUpdates(params, res) : this.runHandler(method, params);
    } catch (error) {
      outcome = error;
    }
    this.noteFailure(call, outcome, injected);
    this.log.settle(call);
    if (outcome instanceof Promise) {
      // Only getUpdates is asynchronous; a 409 from a newer poll must still be marked.
      outcome = await outcome.catch((error: unknown) => {
        this.noteFailure(call, error, false);
        return error;
      });
    }
    // Checked after any long poll, so a release that came meanwhile is honoured.
    if (this.holding.has(method)) {
      const list = this.held.get(method) ?? [];
      list.push({ res, send: () => this.write(res, outcome) });
      this.held.set(method, list);
      return;
    }
    this.write(res, outcome);
  }

  private runHandler(method: string, params: Params): unknown {
    const result = HANDLERS[method]!(params, {
      state: this.state,
      strictEntities: this.strictEntities,
      pendingUpdateCount: () => this.queue.pending().length,
    });
    if (method === 'deleteWebhook' && optBool(params, 'drop_pending_updates')) this.queue.dropPending();
    return result;
  }

  private getUpdates(params: Params, res: ServerResponse): Promise<Update[]> {
    if (this.state.webhookUrl !== '') {
      throw new ApiError(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    }
    const poll = this.queue.poll({
      offset: optInt(params, 'offset'),
      limit: optInt(params, 'limit'),
      timeout: optInt(params, 'timeout'),
    });
    // A poller that hung up (e.g. telegraf's stop() aborting) must not swallow later updates.
    res.once('close', poll.cancel);
    return poll.result;
  }

  private noteFailure(call: Call, outcome: unknown, injected: boolean): void {
    if (outcome instanceof ApiError) call.failed = { code: outcome.code, description: outcome.description, injected };
    else if (outcome instanceof Error) call.failed = { code: 500, description: outcome.message, injected };
  }

  private write(res: ServerResponse, outcome: unknown): void {
    if (res.destroyed || res.writableEnded) return;
    let status = 200;
    let body: unknown;
    if (outcome instanceof ApiError) {
      status = outcome.code;
      body = outcome.toBody();
    } else if (outcome instanceof Error) {
      // A bug in the fake itself: surface it loudly instead of pretending Telegram said it.
      status = 500;
      body = { ok: false, error_code: 500, description: `Internal fake error: ${outcome.stack ?? outcome.message}` };
    } else {
      body = { ok: true, result: outcome };
    }
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }
}

/** Starts a fake Bot API on 127.0.0.1 with an OS-assigned port; point telegraf's apiRoot at it. */
export async function startFakeTelegram(opts: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const fake = new FakeTelegramServer(
    opts.token ?? '123456789:TEST-fake-token',
    opts.botUsername ?? 'FeedBot',
    opts.strictEntities ?? true,
    opts,
  );
  await fake.listen();
  return fake;
}
