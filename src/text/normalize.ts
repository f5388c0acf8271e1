// Turning raw entry text into the clean plain text the store keeps and users see.

/** Placeholders the blog's excerpts put where a formula, code block or image was. */
const PLACEHOLDER = /\[(?:公式|代码|图片|图|表格|Math|Formula|Code|Image|Figure|Table)\]/gi;

/** Collapses runs of whitespace (incl. full-width space) to single spaces and trims. */
export function normalizeWhitespace(text: string): string {
  return text.replace(/[\s\u3000]+/g, ' ').trim();
}

/** Removes formula/code/image placeholders; they carry nothing a reader can use. */
export function stripPlaceholders(text: string): string {
  return normalizeWhitespace(text.replace(PLACEHOLDER, ' '));
}

/** The summary stored for an entry: placeholders gone, whitespace normalised. */
export function cleanEntryText(text: string): string {
  return stripPlaceholders(text);
}
