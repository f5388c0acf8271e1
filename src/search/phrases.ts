// The verbatim-phrase check of ranking: bigram matching cannot tell
// 注意力机制 written out from 注意力 … 动力机组 … 机制 scattered through a
// text, so candidates containing the query's phrases (as typed, or as a
// glossary translation of the whole phrase) are listed first.

const isAsciiAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 97 && c <= 122);

/**
 * Whether `text` contains `form` other than inside a longer Latin word (`gan`
 * is not in `organ`; Chinese has no such boundary). Both in match form.
 */
export function containsForm(text: string, form: string): boolean {
  const checkStart = isAsciiAlnum(form.charCodeAt(0));
  const checkEnd = isAsciiAlnum(form.charCodeAt(form.length - 1));
  for (let at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + 1)) {
    if (checkStart && at > 0 && isAsciiAlnum(text.charCodeAt(at - 1))) continue;
    const end = at + form.length;
    if (checkEnd && end < text.length && isAsciiAlnum(text.charCodeAt(end))) continue;
    return true;
  }
  return false;
}

/** How many of the phrase groups (each a phrase and its translations) any of the texts (title, lead, tags) contains. */
export function phrasesFound(groups: readonly (readonly string[])[], ...texts: string[]): number {
  let found = 0;
  for (const forms of groups) if (forms.some((f) => texts.some((t) => containsForm(t, f)))) found++;
  return found;
}
