// The command list, in the order /help shows it.
import type { BotCommand } from '../src/services';
import search from './search';
import topic from './topic';
import latest from './latest';
import subscribe from './subscribe';
import unsubscribe from './unsubscribe';
import settings from './settings';
import digest from './digest';
import watch from './watch';
import watches from './watches';
import unwatch from './unwatch';
import help from './help';

export const commands: BotCommand[] = [search, topic, latest, subscribe, unsubscribe, settings, digest, watch, watches, unwatch, help];
