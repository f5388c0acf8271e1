// Recognising commands in Telegram messages, including ones addressed to a bot by name.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCommand } from '../../../src/adapters/telegram/parse';

describe('parseCommand', () => {
  it('reads the command and the rest of the text', () => {
    assert.deepEqual(parseCommand('/search 卷积 神经网络', 'FeedBot'), { command: 'search', text: '卷积 神经网络' });
    assert.deepEqual(parseCommand('/help', 'FeedBot'), { command: 'help', text: '' });
    assert.deepEqual(parseCommand('/Search\n多行\n文本 ', 'FeedBot'), { command: 'search', text: '多行\n文本' });
  });

  it('accepts commands addressed to this bot, in any case', () => {
    assert.deepEqual(parseCommand('/search@FeedBot 卷积', 'FeedBot'), { command: 'search', text: '卷积', addressedTo: 'FeedBot' });
    assert.equal(parseCommand('/search@feedbot x', 'FeedBot')?.command, 'search');
  });

  it('ignores commands addressed to another bot', () => {
    assert.equal(parseCommand('/search@OtherBot x', 'FeedBot'), null);
    assert.equal(parseCommand('/search@FeedBot x', undefined), null);
  });

  it('is not fooled by text that only looks like a command', () => {
    for (const s of ['search 卷积', ' /search x', '/search中文', '/搜索 x', '', undefined, 'see /help']) {
      assert.equal(parseCommand(s, 'FeedBot'), null, String(s));
    }
  });
});
