// The console adapter, the embedded default: the bot in a terminal, or scripted through
// a pipe (one command a line, replies on stdout, exit at end of input). One channel,
// `console:local`, whose user is its admin.
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { BotPort } from '../../core/port';
import type { Adapter, ChannelRef, Locale, Reply, SendResult } from '../../core/types';
import { replyToPlainText } from '../../core/reply';
import { t } from '../../i18n/catalog';
import { parseConsoleLine } from './parse';

export const CONSOLE_CHANNEL = 'console:local';

export interface ConsoleOptions {
  input?: Readable & { isTTY?: boolean };
  output?: Writable;
  locale: Locale;
  /** Called when input ends (piped mode) or the user quits. */
  onEnd?: () => void;
}

export class ConsoleAdapter implements Adapter {
  readonly platform = 'console';
  private rl: Interface | null = null;
  private last: Reply | null = null;
  private sent = 0;
  private readonly input: Readable & { isTTY?: boolean };
  private readonly output: Writable;
  private readonly interactive: boolean;

  constructor(
    private readonly bot: BotPort,
    private readonly opts: ConsoleOptions,
  ) {
    this.input = opts.input ?? process.stdin;
    this.output = opts.output ?? process.stdout;
    this.interactive = this.input.isTTY === true;
  }

  private write(text: string): void {
    this.output.write(text.endsWith('\n') ? text : text + '\n');
  }

  async start(): Promise<void> {
    const rl = createInterface({ input: this.input, output: this.interactive ? this.output : undefined, terminal: this.interactive });
    this.rl = rl;
    if (this.interactive) {
      this.write(t(this.opts.locale, 'console.greeting', { articles: this.bot.articleCount() }));
      rl.setPrompt('feedbot> ');
      rl.prompt();
    }
    // Lines are handled strictly in order, even when a command takes a while.
    void (async () => {
      try {
        for await (const line of rl) {
          const keepGoing = await this.handleLine(line);
          if (!keepGoing) break;
          if (this.interactive) rl.prompt();
        }
      } finally {
        this.opts.onEnd?.();
      }
    })();
  }

  private async handleLine(line: string): Promise<boolean> {
    const input = parseConsoleLine(line);
    if (input.kind === 'empty') return true;
    if (input.kind === 'quit') return false;
    let inv: { command: string; text?: string; values?: Record<string, string | number | boolean | undefined> };
    if (input.kind === 'next' || input.kind === 'prev') {
      const p = this.last?.pagination;
      const page = p ? p.page + (input.kind === 'next' ? 1 : -1) : 0;
      if (!p || page < 1 || page > p.pages) {
        this.write(t(this.opts.locale, 'console.no-more-pages'));
        return true;
      }
      inv = { command: p.command, values: { ...p.args, page } };
    } else if (input.kind === 'command') inv = { command: input.command, text: input.text };
    else return true;
    const reply = await this.bot.handle({
      ...inv,
      channel: CONSOLE_CHANNEL,
      caller: { id: 'console-user', name: 'you' },
      locale: this.opts.locale,
      isPrivate: true,
      isChannelAdmin: async () => true,
    });
    if (!reply) return true;
    if (reply.pagination) this.last = reply;
    this.write(this.render(reply));
    return true;
  }

  render(reply: Reply): string {
    const body = replyToPlainText(reply);
    const p = reply.pagination;
    const hint = p && p.page < p.pages ? `\n${t(this.opts.locale, 'console.next-hint')}` : '';
    return (reply.kind === 'error' ? '⚠ ' : '') + body + hint + '\n';
  }

  async send(channel: ChannelRef, reply: Reply): Promise<SendResult> {
    // Digests fire between prompts; print them where the user will see them.
    this.write(`\n📬 [${channel}]\n${replyToPlainText(reply)}\n`);
    if (this.interactive) this.rl?.prompt(true);
    return { messageId: `console-${++this.sent}` };
  }

  async stop(): Promise<void> {
    this.rl?.close();
    this.rl = null;
  }
}
