// Baseline 2: MiniSearch with its default options (its own tokenizer, which
// splits on spaces and punctuation only, so a run of Chinese is one term),
// over titles and full summaries: what "just use MiniSearch" gives.
import MiniSearch from 'minisearch';
import type { DB } from '../src/store/db';

interface Doc {
  id: string;
  title: string;
  summary: string;
}

export function buildDefaultMiniSearch(db: DB): MiniSearch<Doc> {
  const mini = new MiniSearch<Doc>({ fields: ['title', 'summary'] });
  const rows = db.prepare<[], Doc>('SELECT id, title, summary FROM articles ORDER BY seq').all();
  mini.addAll(rows);
  return mini;
}

/** Top `limit` hits, with their article rows fetched as /search would. */
export function searchDefault(db: DB, mini: MiniSearch<Doc>, query: string, limit = 5): Doc[] {
  const ids = mini.search(query).slice(0, limit).map((r) => r.id as string);
  const get = db.prepare<[string], Doc>('SELECT id, title, summary, url, topics, published_at, first_seen_at FROM articles WHERE id = ?');
  return ids.map((id) => get.get(id)!).filter(Boolean);
}
