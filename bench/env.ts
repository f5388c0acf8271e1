// How every benchmark process opens the database, kept apart from the corpus
// and baselines so a process timed for cold start (child.ts) loads only what
// the bot would.
import { join } from 'node:path';
import type { App } from '../src/app';

export const TOPICS_PATH = join(import.meta.dirname, '../data/topics.json');

/** The environment every benchmark process opens the database with. */
export function benchEnv(dbPath: string): Record<string, string> {
  return { DATABASE_PATH: dbPath, TOPICS_PATH, BOT_LOCALE: 'en', LOG_LEVEL: 'error' };
}

/**
 * The search service's optional lifecycle calls. Reached structurally so the
 * bench keeps compiling while the engine behind app.search changes shape.
 */
export function searchLifecycle(app: App): { refresh: () => void; whenReady: () => Promise<void> } {
  const s = app.search as unknown as { refresh?: () => void; whenReady?: () => Promise<void> };
  return { refresh: () => s.refresh?.call(app.search), whenReady: async () => s.whenReady?.call(app.search) };
}
