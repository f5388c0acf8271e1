// Reading a Telegram message as a bot command: "/search 卷积", "/search@FeedBot 卷积".
// In groups several bots share the chat, so a command addressed to another bot is not ours.
export interface ParsedCommand {
  command: string;
  /** Everything after the command word, trimmed. */
  text: string;
  /** The @username the command named, if any. */
  addressedTo?: string;
}

/**
 * The command at the start of `text`, or null if there is none or it names another bot.
 * Like Telegram, "/search中文" (no break after the name) is not a command.
 */
export function parseCommand(text: string | undefined, botUsername: string | undefined): ParsedCommand | null {
  const m = /^\/([A-Za-z0-9_]{1,64})(?:@([A-Za-z0-9_]{1,64}))?(?![\p{L}\p{N}_/@])\s*([\s\S]*)$/u.exec(text ?? '');
  if (!m) return null;
  const addressedTo = m[2];
  if (addressedTo !== undefined && (!botUsername || addressedTo.toLowerCase() !== botUsername.toLowerCase())) return null;
  return { command: m[1]!.toLowerCase(), text: m[3]!.trim(), ...(addressedTo !== undefined ? { addressedTo } : {}) };
}
