// /help (also /start) — what the bot does and every command in one line each.
import type { BotCommand } from '../src/services';
import { L } from '../src/core/i18n';

const help: BotCommand = {
  name: 'help',
  aliases: ['start'],
  description: L('机器人能做什么,以及所有命令', 'What the bot does and every command'),
  permission: 'everyone',
  options: [],
  run(ctx) {
    const intro = L(
      '我关注一个中文机器学习博客(CV、NLP、大模型、强化学习、扩散模型、PyTorch/TensorFlow)。可以搜索全部文章、按主题浏览,或为频道订阅每日摘要。',
      'I follow a Chinese machine-learning blog (CV, NLP, LLMs, RL, diffusion, PyTorch/TensorFlow). Search the whole archive, browse by topic, or subscribe a channel to a daily digest.',
    );
    const lines = ctx.services.commands().map((c) => {
      const usage = c.options.map((o) => (o.required ? `<${o.name}>` : `[${o.name}]`)).join(' ');
      return { label: `/${c.name}${usage ? ' ' + usage : ''}`, value: c.description[ctx.locale] };
    });
    const examples = L('例如: /search 卷积 · /topic 大模型 · /subscribe 09:00 Asia/Shanghai llm', 'e.g. /search convolution · /topic llm · /subscribe 09:00 Asia/Shanghai llm');
    return {
      title: 'feedbot',
      kind: 'info',
      blocks: [
        { kind: 'text', text: intro[ctx.locale] },
        { kind: 'fields', items: lines },
        { kind: 'text', style: 'muted', text: examples[ctx.locale] },
      ],
    };
  },
};

export default help;
