// The message catalog: one id, every locale; parameters filled per locale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CATALOGS, LOCALES, localeFrom, localized, t } from '../../src/i18n/catalog';
import { UserError } from '../../src/core/errors';

test('every locale implements every message, translated rather than copied', () => {
  const ids = Object.keys(CATALOGS.en).sort();
  for (const locale of LOCALES) {
    assert.deepEqual(Object.keys(CATALOGS[locale]).sort(), ids, `${locale} has the same ids`);
  }
  for (const id of ids as (keyof typeof CATALOGS.en)[]) {
    const [zh, en] = [CATALOGS.zh[id], CATALOGS.en[id]];
    assert.equal(typeof zh, typeof en, `${id}: same shape`);
    if (typeof zh === 'string') assert.notEqual(zh, en, `${id} is not translated`);
  }
});

test('parameters fill the message; a text given in every locale shows the reader’s own', () => {
  assert.equal(t('en', 'search.only-pages', { pages: 3 }), 'There are only 3 page(s) of results.');
  assert.equal(t('zh', 'search.only-pages', { pages: 3 }), '只有 3 页结果。');
  const name = { zh: '大模型', en: 'LLM' };
  assert.equal(t('zh', 'topic.empty', { name }), '主题"大模型"还没有文章。');
  assert.equal(t('en', 'topic.empty', { name }), 'No articles in "LLM" yet.');
  assert.deepEqual(localized('latest.empty'), { zh: '还没有任何文章。', en: 'No articles yet.' });
});

test('a UserError carries its id and parameters; its message is English for logs, text() the reader’s', () => {
  const err = new UserError('subscribe.bad-time', { word: '25:00' });
  assert.equal(err.id, 'subscribe.bad-time');
  assert.deepEqual(err.params, { word: '25:00' });
  assert.equal(err.message, '"25:00" is not a valid time; use 24-hour HH:MM, e.g. 09:00');
  assert.match(err.text('zh'), /^"25:00" 不是有效的时间/);
});

test('language tags map to a catalog locale; unknown languages get English, no tag the fallback', () => {
  assert.equal(localeFrom('zh-CN', 'en'), 'zh');
  assert.equal(localeFrom('zh_TW', 'en'), 'zh');
  assert.equal(localeFrom('ZH', 'en'), 'zh');
  assert.equal(localeFrom('en-GB', 'zh'), 'en');
  assert.equal(localeFrom('fr', 'zh'), 'en');
  assert.equal(localeFrom(undefined, 'zh'), 'zh');
  assert.equal(localeFrom('', 'zh'), 'zh');
});
