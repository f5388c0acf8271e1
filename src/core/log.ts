// Structured logs through pino, on stderr: JSON lines where a machine reads them, one
// readable line per event in a terminal (stdout stays the console bot's own). Secrets are
// masked twice: pino's redaction of known keys, and every registered value (a token) wherever
// it appears in a line, as given or URL-encoded.
import { pino, stdTimeFunctions, type DestinationStream } from 'pino';
import { prettyFactory } from 'pino-pretty';

export type Level = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(msg: string, ctx?: Record<string, unknown>): void;
  info(msg: string, ctx?: Record<string, unknown>): void;
  warn(msg: string, ctx?: Record<string, unknown>): void;
  error(msg: string, ctx?: Record<string, unknown>): void;
  /** A logger whose lines also carry `bindings`, e.g. `{ adapter: 'telegram' }`. */
  child(bindings: Record<string, unknown>): Logger;
}

let secrets: string[] = [];
const patterns: { re: RegExp; replacement: string }[] = [];

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
  secrets = secrets.sort((a, b) => b.length - a.length);
}

/** Masks anything shaped like a secret (an adapter's token format) even if it was never registered. */
export function registerSecretPattern(re: RegExp, replacement = '***'): void {
  const global = new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g');
  if (!patterns.some((p) => p.re.source === global.source)) patterns.push({ re: global, replacement });
}

export function redact(text: string): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('***');
  for (const p of patterns) out = out.replace(p.re, p.replacement);
  return out;
}

/** Keys whose values are never written, wherever they sit in a line's context. */
const REDACT_PATHS = [
  'token',
  'secret',
  'password',
  'authorization',
  '*.token',
  '*.secret',
  '*.password',
  '*.authorization',
  '*.headers.authorization',
];

export interface LoggerOptions {
  /** Where lines go; default stderr. Each call gets one line without its newline (tests capture them). */
  write?: (line: string) => void;
  /** `json` lines, or `pretty` one-line text; default pretty in a terminal, else json. */
  format?: 'json' | 'pretty';
}

function destination(opts: LoggerOptions): DestinationStream {
  const tty = !opts.write && process.stderr.isTTY === true;
  const format = opts.format ?? (tty ? 'pretty' : 'json');
  const write = opts.write ?? ((line: string) => process.stderr.write(line + '\n'));
  if (format === 'json') return { write: (s: string) => write(s.replace(/\n$/, '')) };
  const prettify = prettyFactory({
    colorize: tty,
    translateTime: 'SYS:HH:MM:ss',
    singleLine: true,
    ignore: 'adapter',
    errorLikeObjectKeys: ['err'],
    messageFormat: '{if adapter}{adapter}: {end}{msg}',
  });
  return { write: (s: string) => write(prettify(s).replace(/\n$/, '')) };
}

function wrap(p: pino.Logger): Logger {
  const at = (level: Level) => (msg: string, ctx?: Record<string, unknown>) => (ctx ? p[level](ctx, msg) : p[level](msg));
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: (bindings) => wrap(p.child(bindings)) };
}

export function createLogger(level: Level = 'info', opts: LoggerOptions | ((line: string) => void) = {}): Logger {
  const options = typeof opts === 'function' ? { write: opts } : opts;
  const p = pino(
    {
      level,
      base: undefined,
      timestamp: stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: '***' },
      // An error is logged as its name and message: stacks are for debugging, not for the log.
      serializers: { error: (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : e) },
      hooks: { streamWrite: redact },
    },
    destination(options),
  );
  return wrap(p);
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLogger };
