import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bindValues, toNumberedParameters } from '../../../src/store/engine/placeholders';

test('? and @name become $n in order; a repeated name keeps its number', () => {
  const r = toNumberedParameters('UPDATE t SET a = @a, b = ?, c = @a WHERE d = ?');
  assert.equal(r.text, 'UPDATE t SET a = $1, b = $2, c = $1 WHERE d = $3');
  assert.deepEqual(bindValues(r.slots, [{ a: 'x' }, 2, 4]), ['x', 2, 4]);
});

test('marks inside literals, quoted names and comments are left alone', () => {
  const sql = `SELECT '?', 'it''s @x ?', "col?" -- what? @y\n, /* ? */ ? FROM t WHERE e = 'a@b.c'`;
  const r = toNumberedParameters(sql);
  assert.equal(r.text, `SELECT '?', 'it''s @x ?', "col?" -- what? @y\n, /* ? */ $1 FROM t WHERE e = 'a@b.c'`);
  assert.deepEqual(r.slots, [0]);
});

test('missing values are refused as better-sqlite3 refuses them', () => {
  assert.throws(() => bindValues(toNumberedParameters('SELECT ?, ?').slots, [1]), /Too few parameter/);
  assert.throws(() => bindValues(toNumberedParameters('SELECT @a').slots, [{ b: 1 }]), /Missing named parameter "a"/);
  assert.deepEqual(bindValues(toNumberedParameters('SELECT ?, ?').slots, [[1, 2]]), [1, 2], 'an array spreads');
});
