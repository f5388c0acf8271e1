import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countJsonContainers } from '../../src/feeds/limits';
import { countWork } from '../helpers/work-count';
import { seeded } from '../helpers/rng';

/** The count read a character at a time, escapes taken in order: what the fast count must equal. */
function naiveCount(json: string): number {
  let count = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') count++;
  }
  return count;
}

test('JSON objects and arrays are counted outside strings only, escaped quotes and backslashes included', () => {
  assert.equal(countJsonContainers('{"a":[1,{"b":"[{"}],"c":"\\"{","d":"\\\\","e":{}}'), 4);
  assert.equal(countJsonContainers('["unterminated {'), 1);
  const pieces = ['{', '}', '[', ']', '"', '\\', '\\\\', '\\"', 'a', ',', ':', ' '];
  const rnd = seeded(5);
  for (let n = 0; n < 20_000; n++) {
    let s = '';
    const len = Math.floor(rnd() * 16);
    for (let i = 0; i < len; i++) s += pieces[Math.floor(rnd() * pieces.length)]!;
    assert.equal(countJsonContainers(s), naiveCount(s), JSON.stringify(s));
  }
});

test('counting costs work linear in the JSON, however its strings escape their quotes', () => {
  const bodies = [
    (n: number) => `["${'\\\\'.repeat(n)}", "${'\\"'.repeat(n)}", ${'{}'.repeat(n)}]`,
    (n: number) => `[${'"\\\\\\"\\\\",'.repeat(n)} 1]`,
  ];
  for (const body of bodies) {
    const work = (n: number) => countWork(() => countJsonContainers(body(n))).ops;
    const ratio = work(20_000) / work(10_000);
    assert.ok(ratio > 1.5 && ratio < 2.3, `doubling the JSON multiplied the work by ${ratio.toFixed(2)}`);
  }
});
