// Baseline 1: SQLite FTS5 with the trigram tokenizer over title and whole
// text, as an external-content index on a copy of the articles (the
// baselines' own database, so its size on disk is theirs alone and the text
// is not stored twice).
// Query words of three or more characters are trigram MATCH terms (a
// substring search), shorter ones fall back to LIKE; every word is required.
// Results are the top 5 by FTS5's bm25 rank (newest first when only LIKE
// applies), fetched with their article rows, as /search would need them.
import Database, { type Statement } from 'better-sqlite3';

type DB = Database.Database;

/**
 * The baselines' database at `path`: the stored articles' columns a search
 * result needs, copied from the bot's database, and nothing else.
 */
export function copyArticles(botDbPath: string, path: string): void {
  const db = new Database(path);
  try {
    db.pragma('journal_mode = OFF');
    db.exec(`ATTACH DATABASE '${botDbPath.replace(/'/g, "''")}' AS bot;
      CREATE TABLE articles (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, guid TEXT, url TEXT, title TEXT NOT NULL,
        summary TEXT NOT NULL, topics TEXT NOT NULL, published_at TEXT, first_seen_at INTEGER NOT NULL);
      INSERT INTO articles SELECT seq, id, guid, url, title, summary, topics, published_at, first_seen_at FROM bot.articles ORDER BY seq;
      DETACH DATABASE bot;`);
  } finally {
    db.close();
  }
}

export function buildFts5(path: string): void {
  const db = new Database(path);
  try {
    db.exec(`CREATE VIRTUAL TABLE bench_fts USING fts5(title, summary, content='articles', content_rowid='seq', tokenize='trigram');
      INSERT INTO bench_fts(bench_fts) VALUES ('rebuild');`);
  } finally {
    db.close();
  }
}

interface Hit {
  id: string;
  title: string;
  summary: string;
}

const COLUMNS = 'a.id, a.title, a.summary, a.url, a.topics, a.published_at, a.first_seen_at';
const like = (w: string) => `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export class Fts5Search {
  private readonly cache = new Map<string, Statement<unknown[], Hit>>();

  constructor(private readonly db: DB) {}

  private stmt(sql: string): Statement<unknown[], Hit> {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare<unknown[], Hit>(sql);
      this.cache.set(sql, s);
    }
    return s;
  }

  /** The top `limit` articles for `query`. */
  search(query: string, limit = 5): Hit[] {
    const words = query.trim().split(/\s+/).filter(Boolean);
    const long = words.filter((w) => [...w].length >= 3);
    const short = words.filter((w) => [...w].length < 3);
    if (!words.length) return [];
    const likeSql = short.map(() => `(a.title LIKE ? ESCAPE '\\' OR a.summary LIKE ? ESCAPE '\\')`);
    const likeArgs = short.flatMap((w) => [like(w), like(w)]);
    if (long.length) {
      const match = long.map((w) => `"${w.replace(/"/g, '""')}"`).join(' AND ');
      const sql = `SELECT ${COLUMNS} FROM bench_fts f JOIN articles a ON a.seq = f.rowid
        WHERE bench_fts MATCH ?${likeSql.map((c) => ` AND ${c}`).join('')} ORDER BY f.rank LIMIT ?`;
      return this.stmt(sql).all(match, ...likeArgs, limit);
    }
    const sql = `SELECT ${COLUMNS} FROM articles a WHERE ${likeSql.join(' AND ')} ORDER BY a.seq DESC LIMIT ?`;
    return this.stmt(sql).all(...likeArgs, limit);
  }
}
