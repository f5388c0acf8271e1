// Turns an outgoing message text + parse_mode into what Telegram stores, applying the same
// checks and error wording as the real sendMessage/editMessageText.

import { badRequest } from './errors';
import { parseTelegramHtml, type HtmlEntity } from './html-check';

export const MAX_TEXT_LENGTH = 4096;

export interface FormattedText {
  text: string;
  entities: HtmlEntity[];
}

const LEADING_WS = /^[ \t\r\n]+/;
const TRAILING_WS = /[ \t\r\n]+$/;

/** Telegram trims surrounding whitespace and shifts entities with it. */
function trim({ text, entities }: FormattedText): FormattedText {
  const lead = LEADING_WS.exec(text)?.[0].length ?? 0;
  const trimmed = text.slice(lead).replace(TRAILING_WS, '');
  const kept: HtmlEntity[] = [];
  for (const e of entities) {
    const start = Math.max(0, e.offset - lead);
    const end = Math.min(trimmed.length, e.offset + e.length - lead);
    if (end > start) kept.push({ ...e, offset: start, length: end - start });
  }
  return { text: trimmed, entities: kept };
}

/**
 * @param purpose edits report an over-long text differently from sends.
 * @param strictEntities see parseTelegramHtml.
 */
export function formatText(raw: unknown, parseMode: unknown, purpose: 'send' | 'edit', strictEntities: boolean): FormattedText {
  const source = raw === undefined || raw === null ? '' : String(raw);
  let parsed: FormattedText = { text: source, entities: [] };
  const mode = parseMode === undefined || parseMode === null ? '' : String(parseMode).toLowerCase();
  if (mode === 'html') {
    const result = parseTelegramHtml(source, { strictEntities });
    if (!result.ok) throw badRequest(`can't parse entities: ${result.error}`);
    parsed = result;
  } else if (mode !== '' && mode !== 'markdown' && mode !== 'markdownv2') {
    throw badRequest('unsupported parse_mode');
  }
  // Markdown modes are stored verbatim: the feed bot is expected to use HTML.
  const final = trim(parsed);
  if (final.text === '') throw badRequest('message text is empty');
  if (final.text.length > MAX_TEXT_LENGTH) {
    throw badRequest(purpose === 'send' ? 'message is too long' : 'MESSAGE_TOO_LONG');
  }
  return final;
}
