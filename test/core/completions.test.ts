// Suggestions while typing: topics by any of their names, IANA time zones by fragment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { timezoneChoices, topicChoices, type TopicNames } from '../../src/core/completions';

/** Discord's limits, the tightest any adapter declares. */
const LIMITS = { maxChoices: 25, maxLength: 100 };

const topics: TopicNames[] = [
  { id: 'cv', name: { zh: '计算机视觉', en: 'Computer Vision' }, aliases: ['vision', '视觉'] },
  { id: 'llm', name: { zh: '大模型', en: 'LLM' }, aliases: ['大语言模型', 'large language model'] },
  { id: 'nlp', name: { zh: '自然语言处理', en: 'NLP' }, aliases: ['自然语言'] },
];
const zones = Intl.supportedValuesOf('timeZone');
const now = new Date('2026-01-12T00:00:00Z');

test('typing 大 offers 大模型 (llm) in the caller’s language', () => {
  assert.deepEqual(topicChoices(topics, '大', 'zh', LIMITS), [{ name: '大模型 (llm)', value: 'llm' }]);
  assert.deepEqual(topicChoices(topics, '大', 'en', LIMITS), [{ name: 'LLM (llm)', value: 'llm' }]);
});

test('matches ids, English names and aliases; prefix matches first; nothing typed lists all', () => {
  assert.deepEqual(
    topicChoices(topics, 'vis', 'en', LIMITS).map((c) => c.value),
    ['cv'],
  );
  assert.deepEqual(
    topicChoices(topics, 'LANGUAGE', 'en', LIMITS).map((c) => c.value),
    ['llm'],
  );
  assert.deepEqual(
    topicChoices(topics, 'l', 'en', LIMITS).map((c) => c.value),
    ['llm', 'nlp'],
  );
  assert.deepEqual(
    topicChoices(topics, '', 'en', LIMITS).map((c) => c.value),
    ['cv', 'llm', 'nlp'],
  );
  assert.deepEqual(topicChoices(topics, 'zzz', 'en', LIMITS), []);
});

test('in a space-separated list only the last word is completed and chosen topics are not offered again', () => {
  assert.deepEqual(topicChoices(topics, 'cv 大', 'zh', LIMITS, { multi: true }), [{ name: 'cv 大模型 (llm)', value: 'cv llm' }]);
  assert.deepEqual(
    topicChoices(topics, 'cv ', 'en', LIMITS, { multi: true }).map((c) => c.value),
    ['cv llm', 'cv nlp'],
  );
});

test('never more than 25 topic suggestions', () => {
  const many = Array.from({ length: 40 }, (_, i) => ({ id: `t${i}`, name: { zh: `主题${i}`, en: `Topic ${i}` }, aliases: [], count: 1 }));
  assert.equal(topicChoices(many, 't', 'en', LIMITS).length, 25);
});

test('time zones match by fragment, city or spaced name, with the current UTC offset', () => {
  assert.deepEqual(timezoneChoices('shang', zones, LIMITS, { now })[0], { name: 'Asia/Shanghai (UTC+08:00)', value: 'Asia/Shanghai' });
  assert.equal(timezoneChoices('new york', zones, LIMITS, { now })[0]!.value, 'America/New_York');
  assert.equal(timezoneChoices('asia/ta', zones, LIMITS, { now })[0]!.value, 'Asia/Taipei');
  assert.deepEqual(timezoneChoices('utc', zones, LIMITS, { now })[0], { name: 'UTC (UTC+00:00)', value: 'UTC' });
  assert.deepEqual(timezoneChoices('nowhere', zones, LIMITS, { now }), []);
});

test('with nothing typed the configured zone comes first, and at most 25 are offered', () => {
  const choices = timezoneChoices('', zones, LIMITS, { preferred: 'Europe/Berlin', now });
  assert.equal(choices.length, 25);
  assert.equal(choices[0]!.value, 'Europe/Berlin');
  assert.ok(choices.some((c) => c.value === 'Asia/Shanghai'));
  assert.equal(timezoneChoices('a', zones, LIMITS, { now }).length, 25);
  assert.ok(choices.every((c) => c.name.length <= 100 && c.value.length <= 100));
});
