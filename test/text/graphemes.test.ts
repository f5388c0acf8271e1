import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seeded as rng } from '../helpers/rng';
import { clusters, graphemeLength, graphemes, leadingGraphemes } from '../../src/text/graphemes';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
/** The reference: one Segmenter pass over the whole string (slow on long strings in Node 20, fine here). */
const reference = (text: string): string[] => Array.from(segmenter.segment(text), (s) => s.segment);

// Everything that joins or nearly joins: marks, ZWJ, skin tones, flags (RI parity), CR LF,
// Hangul jamo, Indic conjuncts, variation selectors, CJK tone marks, lone surrogates,
// Prepend characters, pictographs inside the CJK punctuation block.
const PIECES = [
  'a',
  ' ',
  '\n',
  '\r',
  '\r\n',
  '机',
  '。',
  '，',
  '！',
  'Ａ',
  '\u302A',
  '\u0301',
  '\u200D',
  '\uFE0F',
  '😀',
  '👍',
  '🏽',
  '👨‍👩‍👧‍👦',
  '🇨',
  '🇳',
  '🇨🇳',
  '\u1100',
  '\u1161',
  '\u11A8',
  '한',
  'क',
  '\u094D',
  'ष',
  '\uD83D',
  '\uDE00',
  'e\u0301\u0302',
  '\u0600',
  '\u{110BD}',
  '〰',
  '\u303D',
  '❤',
  '\u{20000}',
  '\u3099',
];

test('clusters() matches a single whole-string segmentation, across window edges', () => {
  for (let seed = 1; seed <= 100; seed++) {
    const rand = rng(seed);
    let text = '';
    const n = 50 + Math.floor(rand() * 1500);
    for (let i = 0; i < n; i++) text += PIECES[Math.floor(rand() * PIECES.length)];
    assert.deepEqual(Array.from(clusters(text)), reference(text), `seed ${seed}`);
  }
});

test('long runs of one kind of cluster survive window edges', () => {
  for (const unit of ['🇨🇳', '👨‍👩‍👧‍👦', 'e\u0301\u0302', '😀', '\r\n', '한', '文']) {
    const text = unit.repeat(700);
    assert.equal(graphemeLength(text), 700, JSON.stringify(unit));
    assert.ok(
      graphemes(text).every((g) => g === unit),
      JSON.stringify(unit),
    );
  }
  assert.equal(graphemeLength('🇨' + '🇨🇳'.repeat(300)), 301, 'regional indicator pairing is kept after a stray one');
});

test('a single cluster longer than a window stays whole', () => {
  const zalgo = 'a' + '\u0301'.repeat(1000);
  assert.deepEqual(graphemes(zalgo + 'b' + zalgo), [zalgo, 'b', zalgo]);
});

test('leadingGraphemes reads only what it needs and says whether there is more', () => {
  assert.deepEqual(leadingGraphemes('a👨‍👩‍👧‍👦b', 2), { clusters: ['a', '👨‍👩‍👧‍👦'], complete: false });
  assert.deepEqual(leadingGraphemes('a👨‍👩‍👧‍👦', 2), { clusters: ['a', '👨‍👩‍👧‍👦'], complete: true });
  assert.deepEqual(leadingGraphemes('', 3), { clusters: [], complete: true });
  assert.deepEqual(leadingGraphemes('abc', 0), { clusters: [], complete: false });
});
