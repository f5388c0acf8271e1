// Routes a command invocation to its handler: finds the command, validates arguments,
// checks permission, and turns every failure into a reply. The bot never crashes on input.
import { isUserError } from './errors';
import type { Logger } from './log';
import { clipQuote } from './quote';
import { errorReply, userErrorReply } from './reply';
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
  isChannelAdmin: () => Promise<boolean>;
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
  /** Whether a command's failure is storage refusing a write (disk full, read-only), which users are told as such. */
  isStorageRefusal?: (err: unknown) => boolean;
}

export class Router<S> {
  private readonly byName = new Map<string, Command<S>>();

  constructor(
    readonly commands: Command<S>[],
    private readonly services: S,
    private readonly opts: RouterOptions,
  ) {
    for (const c of commands) {
      for (const n of [c.name, ...(c.aliases ?? [])]) {
        const taken = this.byName.get(n.toLowerCase());
        // Silently letting one command shadow another would make it unreachable; refuse to start.
        if (taken) throw new Error(`command name "${n}" of /${c.name} is already taken by /${taken.name}`);
        this.byName.set(n.toLowerCase(), c);
      }
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
      return errorReply(inv.locale, 'router.unknown-command', { command: clipQuote(inv.command) });
    }
    try {
      const raw = inv.values ?? parseTextArgs(command as Command<unknown>, inv.text ?? '');
      const args = validateArgs(command as Command<unknown>, raw);
      if (command.permission === 'channel-admin' && !inv.isPrivate && !(await inv.isChannelAdmin())) {
        return errorReply(inv.locale, 'router.admin-only', { command: command.name });
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
      if (isUserError(err)) return userErrorReply(inv.locale, err);
      if (this.opts.isStorageRefusal?.(err)) {
        // The database refused a write (disk full, read-only): the user can only pass it on.
        this.opts.log.error('command failed: the database refused', { command: command.name, channel: inv.channel, error: err as Error });
        return errorReply(inv.locale, 'router.storage-refused');
      }
      this.opts.log.error('command failed', { command: command.name, channel: inv.channel, caller: inv.caller.id, error: err as Error });
      return errorReply(inv.locale, 'router.failed');
    }
  }
}
