// Reading a console line as a command: "/search 卷积 page:2", "next", or plain text (a search).
export type ConsoleInput = { kind: 'command'; command: string; text: string } | { kind: 'next' | 'prev' | 'quit' | 'empty' };

export function parseConsoleLine(line: string): ConsoleInput {
  const s = line.trim();
  if (!s) return { kind: 'empty' };
  if (/^(next|n|下一页)$/i.test(s)) return { kind: 'next' };
  if (/^(prev|p|上一页)$/i.test(s)) return { kind: 'prev' };
  if (/^\/?(quit|exit|退出)$/i.test(s)) return { kind: 'quit' };
  const m = /^[/／](\S+)\s*([\s\S]*)$/.exec(s);
  if (m) return { kind: 'command', command: m[1]!.replace(/@.*$/, ''), text: m[2]! };
  // Plain words are the most likely intent in a terminal: search for them.
  return { kind: 'command', command: 'search', text: s };
}
