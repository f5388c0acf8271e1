// Making feed text inert on Discord: no live mentions, no accidental formatting, safe links.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeMarkdown, neutraliseMentions, safeUrl } from '../../../src/adapters/discord/markdown';

test('mentions are broken with a zero-width space but read the same', () => {
  const out = neutraliseMentions('@everyone @here <@1> <@!2> <@&3> <#4> mail@example.com');
  assert.doesNotMatch(out, /@everyone|@here|<@1>|<@!2>|<@&3>|<#4>/);
  assert.equal(out.replace(/\u200b/g, ''), '@everyone @here <@1> <@!2> <@&3> <#4> mail@example.com');
  assert.match(out, /mail@example\.com/, 'ordinary @ is left alone');
});

test('markdown characters are escaped, line-start markers too, URLs untouched', () => {
  assert.equal(escapeMarkdown('**a** _b_ ~~c~~ `d` ||e|| [f](g)'), '\\*\\*a\\*\\* \\_b\\_ \\~\\~c\\~\\~ \\`d\\` \\|\\|e\\|\\| \\[f\\](g)');
  assert.equal(escapeMarkdown('# title\n- item\n> quote\n1. one'), '\\# title\n\\- item\n\\> quote\n1\\. one');
  assert.equal(escapeMarkdown('see https://example.com/a_b*c and x_y'), 'see https://example.com/a_b*c and x\\_y');
});

test('only http(s) URLs are accepted as links', () => {
  assert.equal(safeUrl('https://example.com/a'), 'https://example.com/a');
  assert.equal(safeUrl('http://example.com/空洞'), 'http://example.com/%E7%A9%BA%E6%B4%9E');
  for (const bad of [undefined, '', 'javascript:alert(1)', 'data:text/html,x', 'ftp://x', 'https://a b', `https://x/${'a'.repeat(2100)}`]) {
    assert.equal(safeUrl(bad), undefined, String(bad));
  }
});
