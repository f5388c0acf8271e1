// Long polling's rules: only one process may poll a bot's updates (Telegram answers a second
// getUpdates with 409), and telegraf's own debug output bypasses our log masking.
import { createRequire } from 'node:module';
import type { BotPort } from '../../core/port';
import type { ExclusiveRole } from '../../core/roles';

/** Logged when Telegram ends our long polling because some process outside this database polls too. */
export const POLLING_CONFLICT =
  'Telegram stopped long polling: another process polls updates for this bot (409 Conflict), one not sharing this database. ' +
  'Only one process may poll a bot: stop the other, or run every process in webhook mode (TELEGRAM_WEBHOOK_URL). ' +
  'Commands are no longer received here; digests are still sent.';

/** Start refused: another process sharing the database long-polls this bot. */
export class PollingTaken extends Error {
  constructor(username: string, holder: string) {
    super(
      `another feedbot process (${holder}) is already long-polling Telegram for @${username}, and only one process may poll a bot. ` +
        'Stop it first, or run every process in webhook mode (TELEGRAM_WEBHOOK_URL)',
    );
    this.name = 'PollingTaken';
  }
}

/**
 * Telegram hands each update to one getUpdates call and answers a second poller with 409, so of
 * the processes sharing the database only the one holding this bot's polling role polls.
 * Throws PollingTaken when another holds it.
 */
export async function claimPollingRole(
  bot: Pick<BotPort, 'role'>,
  me: { id: number; username: string },
  onLost: () => void,
): Promise<ExclusiveRole> {
  const role = bot.role(`telegram-polling:${me.id}`);
  const claim = await role.claim(onLost);
  if (!claim.ok) throw new PollingTaken(me.username, claim.held.holder);
  return role;
}

/** Whether telegraf's own `debug` output is on (DEBUG=telegraf:*, DEBUG=*, …), asked of the very module telegraf logs through. */
export function telegrafDebugEnabled(): boolean {
  const fromTelegraf = createRequire(createRequire(import.meta.url).resolve('telegraf'));
  const debug = fromTelegraf('debug') as { enabled(namespace: string): boolean };
  return ['telegraf:client', 'telegraf:main', 'telegraf:webhook'].some((ns) => debug.enabled(ns));
}
