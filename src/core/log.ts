// Minimal leveled logger to stderr; secrets are masked before anything is written.
export type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, ctx?: Record<string, unknown>): void;
  info(msg: string, ctx?: Record<string, unknown>): void;
  warn(msg: string, ctx?: Record<string, unknown>): void;
  error(msg: string, ctx?: Record<string, unknown>): void;
}

let secrets: string[] = [];

/**
 * Registers values (tokens) that must never appear in a log line: as given, URL-encoded, and
 * their secret part alone — the text after the last ":" or "." of a bot token (Telegram
 * `<bot id>:<secret>`, Discord `<id>.<time>.<hmac>`), which libraries sometimes print apart.
 */
export function registerSecret(value: string | undefined): void {
  if (!value || value.length < 6) return;
  const tail = value.slice(Math.max(value.lastIndexOf(':'), value.lastIndexOf('.')) + 1);
  const forms = [value, encodeURIComponent(value), ...(tail.length >= 16 && tail !== value ? [tail, encodeURIComponent(tail)] : [])];
  for (const f of forms) if (!secrets.includes(f)) secrets.push(f);
  // Longest first, so a whole token is masked as one rather than around its masked tail.
  secrets.sort((a, b) => b.length - a.length);
}

export function redact(text: string): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('***');
  // Telegram tokens also appear URL-embedded as bot<token>; mask any that slipped past registration.
  return out.replace(/bot\d{5,}:[\w-]{20,}/g, 'bot***');
}

function describe(ctx: Record<string, unknown>): string {
  return Object.entries(ctx)
    .map(([k, v]) => {
      if (v instanceof Error) return `${k}=${v.name}: ${v.message}`;
      const s = typeof v === 'string' ? v : JSON.stringify(v);
      return `${k}=${s}`;
    })
    .join(' ');
}

export function createLogger(level: Level = 'info', write: (line: string) => void = (l) => process.stderr.write(l + '\n')): Logger {
  const at = (lvl: Level) => (msg: string, ctx?: Record<string, unknown>) => {
    if (ORDER[lvl] < ORDER[level]) return;
    const line = `${new Date().toISOString()} ${lvl.toUpperCase()} ${msg}${ctx ? ' ' + describe(ctx) : ''}`;
    write(redact(line));
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
