// Baseline 2: MiniSearch with its default options (its own tokenizer, which
// splits on spaces and punctuation only, so a run of Chinese is one term),
// over titles and whole texts: what "just use MiniSearch" gives. Rows are
// streamed from SQLite, so what stays in memory is the index alone.
import type Database from 'better-sqlite3';
import MiniSearch from 'minisearch';

type DB = Database.Database;

interface Doc {
  id: string;
  title: string;
  summary: string;
}

export function buildDefaultMiniSearch(db: DB, progress: (added: number) => void): MiniSearch<Doc> {
  const mini = new MiniSearch<Doc>({ fields: ['title', 'summary'] });
  let added = 0;
  for (const row of db.prepare<[], Doc>('SELECT id, title, summary FROM articles ORDER BY seq').iterate()) {
    mini.add(row);
    if (++added % 10_000 === 0) progress(added);
  }
  return mini;
}

/** A search returning the top `limit` hits with their article rows fetched, as /search would. */
export function miniSearcher(db: DB, mini: MiniSearch<Doc>, limit = 5): (query: string) => Doc[] {
  const get = db.prepare<[string], Doc>('SELECT id, title, summary, url, topics, published_at, first_seen_at FROM articles WHERE id = ?');
  return (query) =>
    mini
      .search(query)
      .slice(0, limit)
      .map((r) => get.get(r.id as string)!)
      .filter(Boolean);
}
