import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codePointLength, truncateToMeasure } from '../../src/text/measure';

test('truncateToMeasure leaves text that fits alone', () => {
  assert.equal(truncateToMeasure('hello', 5), 'hello');
  assert.equal(truncateToMeasure('hello!', 5), 'hell…');
  assert.equal(truncateToMeasure('😀😀😀', 4), '😀…');
  assert.equal(truncateToMeasure('😀😀😀', 4, codePointLength), '😀😀😀');
});
