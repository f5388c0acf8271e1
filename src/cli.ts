// Command-line interface: ingest, search, topics, topic, reclassify, backup.
// The --json output is a stable contract for scripts (see README).
import { parseArgs } from 'node:util';
import { loadConfig, loadEnvFile, ConfigError } from './config';
import { openApp, openIngester, seedSampleIfEmpty, type App } from './app';
import { UserError } from './core/errors';
import { articleJson, articleLines } from './cli/format';
import { createProgress } from './cli/progress';
import { backupDatabase, POSTGRES_BACKUP_ADVICE } from './store/backup';
import { explainStorageError } from './store/storage-errors';
import { redactUrl } from './text/url-credentials';

const USAGE = `usage:
  npm run --silent cli -- ingest <file-or-url>...
  npm run --silent cli -- search "<query>" [--topic <topic>] [--limit <n>] [--json]
  npm run --silent cli -- topics [--json]
  npm run --silent cli -- topic <topic> [--limit <n>] [--json]
  npm run --silent cli -- reclassify        (re-apply data/topics.json to every article)
  npm run --silent cli -- backup <file>     (online copy of the database, safe while the bot runs)
  npm run --silent cli -- migrate-store --from <sqlite:file | postgres://…> --to <postgres://… | sqlite:file>  (copy the store into a new database; --help)`;

class CliError extends Error {}

function parse(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      topic: { type: 'string' },
      limit: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  let limit: number | undefined;
  if (values.limit !== undefined) {
    limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      throw new CliError(`--limit must be a whole number from 1 to 1000 (got "${values.limit}")`);
  }
  return { cmd: positionals[0], rest: positionals.slice(1), json: values.json!, topic: values.topic, limit, help: values.help! };
}

function resolveTopic(app: App, name: string): string {
  const t = app.topics.resolve(name);
  if (!t) {
    const valid = app.topics
      .list()
      .map((x) => `${x.id} (${x.name.zh} / ${x.name.en})`)
      .join(', ');
    throw new CliError(`unknown topic "${name}"; valid topics: ${valid}`);
  }
  return t.id;
}

async function run(argv: string[]): Promise<number> {
  if (argv[0] === 'migrate-store') return (await import('./cli/migrate-store')).migrateStore(argv.slice(1));
  const args = parse(argv);
  if (args.help || !args.cmd) {
    console.log(USAGE);
    return args.cmd || args.help ? 0 : 2;
  }
  loadEnvFile();
  const config = loadConfig();
  if (args.cmd === 'backup' && config.databaseUrl) throw new CliError(POSTGRES_BACKUP_ADVICE);
  const app = openApp(config);
  const out = (s: string) => process.stdout.write(s + '\n');
  try {
    const locale = config.locale;
    switch (args.cmd) {
      case 'ingest': {
        if (!args.rest.length) throw new CliError('ingest needs at least one file or URL');
        let ok = 0;
        // A worker thread where it can be (openIngester): a source past its time budget is stopped even mid-step.
        const worker = await openIngester(app);
        try {
          for (const given of args.rest) {
            // Printed without the credentials a URL may carry, as it is stored.
            const source = redactUrl(given);
            try {
              const r = await worker.ingestSource(given);
              ok++;
              const line = `${source}: ${r.entries} entries, ${r.added.length} new, ${r.updated} updated, ${r.unchanged} unchanged${r.skipped ? `, ${r.skipped} skipped (empty or repeated)` : ''}`;
              if (args.json)
                out(
                  JSON.stringify({
                    source,
                    entries: r.entries,
                    added: r.added.length,
                    updated: r.updated,
                    unchanged: r.unchanged,
                    skipped: r.skipped,
                  }),
                );
              else out(line);
            } catch (err) {
              // One bad source never stops the others; its transaction never started or was rolled back.
              process.stderr.write(`error: ${oneLine(explainStorageError(err, config.databasePath, 'write'), source)}\n`);
            }
          }
        } finally {
          await worker.close();
        }
        // Bring the search indexes up to date now (and save them at close), so the next search,
        // in the bot or another command, finds everything without indexing it first.
        if (ok) await app.search.whenReady();
        return ok === 0 ? 1 : ok < args.rest.length ? 3 : 0;
      }
      case 'search': {
        await seedSampleIfEmpty(app);
        const query = args.rest.join(' ');
        const topic = args.topic ? resolveTopic(app, args.topic) : undefined;
        // The saved index is loaded, not rebuilt; a one-shot process has nothing to answer
        // meanwhile, so it waits until both indexes cover whatever was ingested since.
        await app.search.whenReady();
        const res = app.search.search(query, { topic, page: 1, pageSize: args.limit ?? 10 });
        if (args.json) out(JSON.stringify(res.items.map(articleJson), null, 2));
        else if (!res.items.length) {
          const close = app.search.suggest(query);
          out(`No results for "${res.query}".${close.length ? ` Try: ${close.join(', ')}` : ''}`);
        } else {
          out(
            `${res.total}${res.more ? '+' : ''} result(s) for "${res.query}"${res.total > res.items.length ? `, showing ${res.items.length}` : ''}:\n`,
          );
          out(res.items.map((a, i) => articleLines(a, i + 1, app.topics, locale)).join('\n\n'));
        }
        return 0;
      }
      case 'topics': {
        await seedSampleIfEmpty(app);
        const list = app.topics.list();
        if (args.json)
          out(
            JSON.stringify(
              list.map((t) => ({ id: t.id, name: t.name[locale], count: t.count })),
              null,
              2,
            ),
          );
        else for (const t of list) out(`${t.id.padEnd(14)} ${String(t.count).padStart(5)}  ${t.name.zh} / ${t.name.en}`);
        return 0;
      }
      case 'topic': {
        await seedSampleIfEmpty(app);
        if (!args.rest.length) throw new CliError('topic needs a topic id or name; see `cli topics`');
        const id = resolveTopic(app, args.rest.join(' '));
        const { total, items } = app.store.byTopic(id, args.limit ?? 10);
        if (args.json) out(JSON.stringify(items.map(articleJson), null, 2));
        else {
          out(`${app.topics.name(id, locale)}: ${total} article(s)${total > items.length ? `, newest ${items.length}` : ''}\n`);
          out(items.map((a, i) => articleLines(a, i + 1, app.topics, locale)).join('\n\n'));
        }
        return 0;
      }
      case 'reclassify': {
        const progress = createProgress(!args.json);
        const all = app.store.all();
        let changed = 0;
        const now = app.clock();
        app.db.transaction(() => {
          all.forEach((a, i) => {
            const topics = app.classifier.classify(a);
            if (app.store.setTopics(a.id, topics, now)) changed++;
            progress.update(i + 1, all.length, 'reclassifying');
          });
        })();
        progress.done();
        if (args.json) out(JSON.stringify({ articles: all.length, changed }));
        else out(`reclassified ${all.length} article(s); ${changed} changed topics`);
        return 0;
      }
      case 'backup': {
        const file = args.rest[0];
        if (!file) throw new CliError('backup needs a destination file');
        const progress = createProgress(!args.json);
        try {
          await backupDatabase(app.db, file, (done, total) => progress.update(done, total, 'backing up'));
        } finally {
          progress.done();
        }
        out(args.json ? JSON.stringify({ backup: file }) : `backed up to ${file}`);
        return 0;
      }
      default:
        throw new CliError(`unknown command "${args.cmd}"\n${USAGE}`);
    }
  } catch (err) {
    // SQLite's own words ("attempt to write a readonly database") name neither the file nor the cause.
    throw explainStorageError(err, config.databasePath, 'write');
  } finally {
    app.close();
  }
}

function oneLine(err: unknown, source?: string): string {
  const msg = err instanceof Error ? err.message : String(err);
  const line = msg.split('\n')[0]!;
  return source && !line.includes(source) ? `${source}: ${line}` : line;
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UserError) process.stderr.write(`error: ${err.text('en')}\n`);
    else if (err instanceof ConfigError) process.stderr.write(`${err.message}\n`);
    else if (err instanceof CliError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`error: ${(err as Error).message}\n`);
    } else process.stderr.write(`error: ${oneLine(err)}\n`);
    process.exitCode = err instanceof CliError || err instanceof UserError ? 2 : 1;
  },
);
