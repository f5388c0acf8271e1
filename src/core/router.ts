// Routes a command invocation to its handler: finds the command, validates arguments,
// checks permission, and turns every failure into a reply. The bot never crashes on input.
import { UserError } from './errors';
import { L } from './i18n';
import type { Logger } from './log';
import { clipQuote } from './quote';
import { isDatabaseRefusal } from '../store/storage-errors';
import { errorReply } from './reply';
import { parseTextArgs, validateArgs } from './args';
import type { ArgValue, Caller, ChannelRef, Command, CommandContext, Locale, Reply } from './types';

export interface Invocation {
  command: string;
  /** Raw text after the command (console, Telegram). */
  text?: string;
  /** Typed values (Discord, button presses). */
  values?: Record<string, ArgValue | undefined>;
  channel: ChannelRef;
  caller: Caller;
  locale: Locale;
  isPrivate: boolean;
  isChannelAdmin(): Promise<boolean>;
  /** Set by an adapter that already counted this message with admit(), so it is not counted twice. */
  admitted?: true;
}

/** Who sent an inbound message, and where: all the throttle needs to know. */
export type Sender = Pick<Invocation, 'channel' | 'caller' | 'locale'>;

/** The throttle's verdict: null to go on, a reply to send instead, or 'drop' to stay silent. */
export type Admission = Reply | null | 'drop';

export interface RouterOptions {
  log: Logger;
  /** Throttling hook (abuse protection), asked before anything else about every message. */
  throttle?: (sender: Sender) => Admission;
}

export class Router<S> {
  private readonly byName = new Map<string, Command<S>>();

  constructor(
    readonly commands: Command<S>[],
    private readonly services: S,
    private readonly opts: RouterOptions,
  ) {
    for (const c of commands) {
      for (const n of [c.name, ...(c.aliases ?? [])]) this.byName.set(n.toLowerCase(), c);
    }
  }

  find(name: string): Command<S> | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /**
   * Counts an inbound message against the throttle. dispatch() does this itself; adapters
   * call it for messages that reach no command but would still be answered (an expired button).
   */
  admit(sender: Sender): Admission {
    return this.opts.throttle?.(sender) ?? null;
  }

  /** Runs an invocation; resolves to null only when a throttled caller is being ignored. */
  async dispatch(inv: Invocation): Promise<Reply | null> {
    // First: even an unknown command's help text is a reply a flood could multiply.
    const gate = inv.admitted ? null : this.admit(inv);
    if (gate === 'drop') return null;
    if (gate) return gate;
    const command = this.find(inv.command);
    if (!command) {
      const name = clipQuote(inv.command);
      return errorReply(inv.locale, L(`未知命令 /${name}。发送 /help 查看所有命令。`, `Unknown command /${name}. Send /help to see every command.`));
    }
    try {
      const raw = inv.values ?? parseTextArgs(command as Command<unknown>, inv.text ?? '');
      const args = validateArgs(command as Command<unknown>, raw);
      if (command.permission === 'channel-admin' && !inv.isPrivate && !(await inv.isChannelAdmin())) {
        return errorReply(
          inv.locale,
          L(
            `抱歉,只有本频道/群组的管理员可以使用 /${command.name}。`,
            `Sorry, only an admin of this channel or group can use /${command.name}.`,
          ),
        );
      }
      const ctx: CommandContext<S> = {
        command: command.name,
        args,
        channel: inv.channel,
        caller: inv.caller,
        locale: inv.locale,
        isPrivate: inv.isPrivate,
        isChannelAdmin: inv.isChannelAdmin,
        services: this.services,
      };
      return await command.run(ctx);
    } catch (err) {
      if (err instanceof UserError) return errorReply(inv.locale, err.userMessage);
      if (isDatabaseRefusal(err)) {
        // The database refused a write (disk full, read-only): the user can only pass it on.
        this.opts.log.error('command failed: the database refused', { command: command.name, channel: inv.channel, error: err as Error });
        return errorReply(
          inv.locale,
          L(
            '抱歉,机器人现在无法保存(存储空间已满或只读),这次操作没有生效。请告诉机器人的管理员。',
            "Sorry, the bot cannot save anything right now (its storage is full or read-only), so this did not take effect. Please tell the bot's operator.",
          ),
        );
      }
      this.opts.log.error('command failed', { command: command.name, channel: inv.channel, caller: inv.caller.id, error: err as Error });
      return errorReply(inv.locale, L('抱歉,处理这个命令时出错了,请稍后再试。', 'Sorry, something went wrong handling that command. Please try again later.'));
    }
  }
}
