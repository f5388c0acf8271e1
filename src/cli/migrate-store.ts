// `cli migrate-store --from <store> --to <store>`: copies a whole store (archive, subscriptions,
// ledgers, watches) into a new, empty database on either engine, verifies it table by table,
// and prints the counts and checksums. Exit 0 copied and verified, 1 failed or mismatched
// (the target left empty), 2 refused before anything was written.
import { parseArgs } from 'node:util';
import {
  CopyMismatchError,
  CopyRefusedError,
  copyStore,
  DEFAULT_BATCH_ROWS,
  openCopySource,
  openCopyTarget,
  storeLocation,
  type CopyReport,
} from '../store/copy';
import { NOT_COPIED } from '../store/copy-tables';
import type { DB } from '../store/db';
import { redactUrl, redactUrlsIn } from '../text/url-credentials';
import { createProgress } from './progress';

export const MIGRATE_STORE_USAGE = `usage: npm run --silent cli -- migrate-store --from <sqlite:file | postgres://…> --to <postgres://… | sqlite:file> [--batch <rows>] [--json]
  Copies every table into a new, empty database (migrated to this bot's schema first) in one
  transaction, then compares row counts and checksums per table. Stop the bot first: what it
  writes after the copy starts is not copied.`;

class UsageError extends Error {}

function parse(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      batch: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return null;
  if (!values.from || !values.to) throw new UsageError(`migrate-store needs --from and --to\n${MIGRATE_STORE_USAGE}`);
  const batch = values.batch === undefined ? DEFAULT_BATCH_ROWS : Number(values.batch);
  if (!Number.isInteger(batch) || batch < 1 || batch > 5000)
    throw new UsageError(`--batch must be a whole number from 1 to 5000 (got "${values.batch}")`);
  if (storeLocation(values.from) === storeLocation(values.to)) throw new UsageError('--from and --to name the same database');
  return { from: values.from, to: values.to, batch, json: values.json! };
}

const shown = (spec: string) => redactUrl(storeLocation(spec));

function table(report: CopyReport): string {
  const head = ['table', 'source rows', 'target rows', 'checksum (sha256 sum, first 16)', ''];
  const rows = report.tables.map((t) => [
    t.table,
    String(t.source.rows),
    String(t.target.rows),
    t.ok ? t.source.checksum.slice(0, 16) : `${t.source.checksum.slice(0, 16)} ≠ ${t.target.checksum.slice(0, 16)}`,
    t.ok ? 'ok' : 'MISMATCH',
  ]);
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === 1 || i === 2 ? c.padStart(width[i]!) : c.padEnd(width[i]!)))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

function summary(report: CopyReport): string {
  const numbering = report.numbering.map((n) => `${n.table}.${n.column} continues after ${n.last}`).join('; ');
  const skipped = Object.entries(NOT_COPIED)
    .map(([t, why]) => `  ${t}: ${why}`)
    .join('\n');
  return `${table(report)}\n\nnumbering: ${numbering}\nnot copied:\n${skipped}\n  search index: derived from the articles; each instance builds its own on first start (SEARCH_INDEX_PATH)`;
}

function run(argv: string[], out: (s: string) => void, err: (s: string) => void): number {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (e) {
    err(`error: ${(e as Error).message}`);
    return 2;
  }
  if (!args) {
    out(MIGRATE_STORE_USAGE);
    return 0;
  }
  const opened: DB[] = [];
  const progress = createProgress(!args.json);
  try {
    const source = openCopySource(args.from);
    opened.push(source);
    const target = openCopyTarget(args.to);
    opened.push(target);
    if (!args.json) err(`copying ${shown(args.from)} (${source.engine}) into ${shown(args.to)} (${target.engine})…`);
    const report = copyStore(source, target, {
      batchRows: args.batch,
      onProgress: (t, done, total) => progress.update(done, total, `copying ${t}`),
    });
    progress.done();
    out(args.json ? JSON.stringify(report) : `${summary(report)}\n\ncopied and verified: every table's rows and checksum match.`);
    return 0;
  } catch (e) {
    progress.done();
    if (e instanceof CopyMismatchError) {
      out(args.json ? JSON.stringify(e.report) : summary(e.report));
      err(`error: ${e.message}`);
      return 1;
    }
    err(`error: ${redactUrlsIn((e as Error).message)}`);
    return e instanceof CopyRefusedError ? 2 : 1;
  } finally {
    for (const db of opened) db.close();
  }
}

/** Runs the command with process output; the exit code is returned. */
export function migrateStore(argv: string[]): number {
  return run(
    argv,
    (s) => process.stdout.write(`${s}\n`),
    (s) => process.stderr.write(`${s}\n`),
  );
}
