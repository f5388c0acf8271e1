// What `cli migrate-store` copies: every table of the current schema (migrations.ts, and
// migrations-pg.ts step for step), parents before the rows that refer to them, each with its
// columns and its primary key (the order pages are read in). A test compares this list with
// both engines' migrated schemas, so a migration that adds a table or column fails it until
// the table is listed here or under NOT_COPIED.

export interface CopiedTable {
  readonly name: string;
  readonly columns: readonly string[];
  /** The primary key's columns: pages are read in this order, after the last key read. */
  readonly key: readonly string[];
  /** The INTEGER PRIMARY KEY AUTOINCREMENT (identity on PostgreSQL) whose numbering must go on past the copied rows. */
  readonly identity?: string;
}

export const COPIED_TABLES: readonly CopiedTable[] = [
  {
    name: 'articles',
    columns: [
      'seq',
      'id',
      'dedup_key',
      'source',
      'guid',
      'url',
      'title',
      'summary',
      'content_hash',
      'categories',
      'topics',
      'published_at',
      'first_seen_at',
      'updated_at',
      'edited_seq',
    ],
    key: ['seq'],
    identity: 'seq',
  },
  { name: 'article_topics', columns: ['topic', 'seq'], key: ['topic', 'seq'] },
  { name: 'feed_state', columns: ['url', 'etag', 'last_modified', 'last_polled_at', 'last_error', 'body_hash'], key: ['url'] },
  {
    name: 'subscriptions',
    columns: [
      'channel',
      'time',
      'timezone',
      'topics',
      'locale',
      'always',
      'status',
      'paused_reason',
      'watermark_seq',
      'watermark_at',
      'created_by',
      'created_at',
      'updated_at',
      'edits_seq',
      'paused_at',
      'paused_code',
    ],
    key: ['channel'],
  },
  {
    name: 'digests',
    columns: [
      'id',
      'channel',
      'day',
      'status',
      'article_ids',
      'up_to_seq',
      'up_to_at',
      'planned_at',
      'completed_at',
      'attempts',
      'last_error',
      'lease_holder',
      'lease_until',
      'updated_ids',
      'up_to_edit_seq',
    ],
    key: ['id'],
    identity: 'id',
  },
  { name: 'digest_bodies', columns: ['hash', 'reply'], key: ['hash'] },
  { name: 'digest_parts', columns: ['digest_id', 'idx', 'reply', 'message_id', 'sent_at', 'body'], key: ['digest_id', 'idx'] },
  {
    name: 'watches',
    columns: ['id', 'channel', 'query', 'query_key', 'topic', 'created_by', 'created_at'],
    key: ['id'],
    identity: 'id',
  },
  { name: 'watch_chats', columns: ['channel', 'locale', 'status', 'paused_reason', 'cursor_seq', 'updated_at'], key: ['channel'] },
  {
    name: 'alerts',
    columns: [
      'id',
      'channel',
      'from_seq',
      'up_to_seq',
      'status',
      'article_ids',
      'planned_at',
      'completed_at',
      'attempts',
      'last_error',
      'lease_holder',
      'lease_until',
    ],
    key: ['id'],
    identity: 'id',
  },
  { name: 'alert_parts', columns: ['alert_id', 'idx', 'reply', 'message_id', 'sent_at'], key: ['alert_id', 'idx'] },
  // Kept a day; copied so an update Telegram delivers again across the switch is still handled once.
  { name: 'seen_updates', columns: ['key', 'at'], key: ['key'] },
];

/** Tables of the schema the copy leaves out, and why (printed by the command). */
export const NOT_COPIED: Readonly<Record<string, string>> = {
  role_leases:
    'held by processes of the old deployment, which must be stopped; a copied lease would only make the new ones wait for it to run out',
  search_meta:
    "the search index's records about itself and this database's random id: derived, each instance builds its own index, and the target keeps its own id so no index built for the source is used for it",
  schema_version: "the target's own migrations",
};
