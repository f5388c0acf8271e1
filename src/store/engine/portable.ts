// SQL that one text cannot say on both engines, as small per-engine fragments.
import type { SqlDatabase } from './types';

/**
 * A subquery yielding the strings of a JSON array bound as one parameter (`?`): one
 * parameter however long the list, where `IN (?, ?, …)` would meet SQLite's limit on them.
 */
export function jsonTextItems(db: SqlDatabase): string {
  return db.engine === 'sqlite' ? 'SELECT value FROM json_each(?)' : 'SELECT json_array_elements_text(?::json)';
}
