// A small bilingual ML glossary used to expand queries across languages: the
// blog often names a concept in only one language (优化器 but never
// "optimizer"), so a query in the other language would otherwise miss it.
// Entries are synonym sets; any form expands to all the others. Taiwan usage
// (神經網路, 演算法) is listed as synonyms: character-level Traditional→Simplified
// conversion keeps the words, and phrase-level conversion would also rewrite
// Simplified text (程序 → 进程), so the glossary bridges them instead.
import { normalize } from './normalize';
import { segment } from './tokenizer';

export interface GlossaryEntry {
  zh: readonly string[];
  en: readonly string[];
}

export const DEFAULT_GLOSSARY: readonly GlossaryEntry[] = [
  { zh: ['卷积'], en: ['convolution', 'conv'] },
  { zh: ['卷积神经网络'], en: ['cnn', 'convolutional neural network'] },
  { zh: ['空洞卷积', '膨胀卷积'], en: ['dilated convolution', 'atrous convolution'] },
  { zh: ['池化'], en: ['pooling'] },
  { zh: ['注意力'], en: ['attention'] },
  { zh: ['注意力机制'], en: ['attention mechanism', 'attention'] },
  { zh: ['自注意力', '自注意力机制'], en: ['self-attention'] },
  { zh: ['多头注意力'], en: ['multi-head attention'] },
  { zh: ['分割', '图像分割'], en: ['segmentation'] },
  { zh: ['语义分割'], en: ['semantic segmentation'] },
  { zh: ['实例分割'], en: ['instance segmentation'] },
  { zh: ['目标检测'], en: ['object detection'] },
  { zh: ['图像分类'], en: ['image classification'] },
  { zh: ['人脸识别'], en: ['face recognition'] },
  { zh: ['上采样'], en: ['upsampling'] },
  { zh: ['下采样'], en: ['downsampling'] },
  { zh: ['残差网络'], en: ['resnet', 'residual network'] },
  { zh: ['轻量级网络'], en: ['lightweight network'] },
  { zh: ['数据增强'], en: ['data augmentation'] },
  { zh: ['随机擦除'], en: ['random erasing'] },
  { zh: ['扩散', '扩散模型'], en: ['diffusion', 'diffusion model'] },
  { zh: ['生成模型'], en: ['generative model'] },
  { zh: ['生成对抗网络', '对抗生成网络'], en: ['gan', 'generative adversarial network'] },
  { zh: ['变分自编码器'], en: ['vae', 'variational autoencoder'] },
  { zh: ['自编码器'], en: ['autoencoder'] },
  { zh: ['流模型'], en: ['flow model', 'normalizing flow'] },
  { zh: ['文生图'], en: ['text-to-image'] },
  { zh: ['强化学习'], en: ['reinforcement learning', 'rl'] },
  { zh: ['基于人类反馈的强化学习'], en: ['rlhf'] },
  { zh: ['直接偏好优化'], en: ['dpo', 'direct preference optimization'] },
  { zh: ['奖励模型'], en: ['reward model'] },
  { zh: ['策略梯度'], en: ['policy gradient'] },
  { zh: ['蒙特卡洛'], en: ['monte carlo'] },
  { zh: ['优化器', '最佳化器'], en: ['optimizer'] },
  { zh: ['优化', '最佳化'], en: ['optimization'] },
  { zh: ['算法', '演算法'], en: ['algorithm'] },
  { zh: ['数据集', '資料集'], en: ['dataset'] },
  { zh: ['梯度'], en: ['gradient'] },
  { zh: ['梯度下降'], en: ['gradient descent'] },
  { zh: ['反向传播'], en: ['backpropagation', 'back propagation', 'backprop'] },
  { zh: ['自动求导'], en: ['autograd', 'automatic differentiation'] },
  { zh: ['学习率'], en: ['learning rate'] },
  { zh: ['损失函数'], en: ['loss function'] },
  { zh: ['激活函数'], en: ['activation function'] },
  { zh: ['归一化'], en: ['normalization'] },
  { zh: ['批归一化'], en: ['batch normalization', 'batchnorm'] },
  { zh: ['层归一化'], en: ['layer normalization', 'layernorm'] },
  { zh: ['正则化'], en: ['regularization'] },
  { zh: ['过拟合'], en: ['overfitting'] },
  { zh: ['超参数'], en: ['hyperparameter'] },
  { zh: ['神经网络', '神經網路', '类神经网络'], en: ['neural network'] },
  { zh: ['循环神经网络', '遞迴神經網路'], en: ['rnn', 'recurrent neural network'] },
  { zh: ['长短期记忆'], en: ['lstm', 'long short-term memory'] },
  { zh: ['深度学习'], en: ['deep learning'] },
  { zh: ['机器学习'], en: ['machine learning'] },
  { zh: ['迁移学习'], en: ['transfer learning'] },
  { zh: ['对比学习'], en: ['contrastive learning'] },
  { zh: ['自监督'], en: ['self-supervised'] },
  { zh: ['预训练'], en: ['pre-training', 'pretraining', 'pretrained'] },
  { zh: ['微调'], en: ['fine-tuning', 'finetuning', 'fine-tune'] },
  { zh: ['蒸馏', '知识蒸馏'], en: ['distillation', 'knowledge distillation'] },
  { zh: ['量化'], en: ['quantization'] },
  { zh: ['剪枝'], en: ['pruning'] },
  { zh: ['大模型', '大语言模型', '大型语言模型'], en: ['llm', 'large language model'] },
  { zh: ['语言模型'], en: ['language model'] },
  { zh: ['词向量', '词嵌入'], en: ['word embedding', 'word vector'] },
  { zh: ['嵌入'], en: ['embedding'] },
  { zh: ['编码器'], en: ['encoder'] },
  { zh: ['解码器'], en: ['decoder'] },
  { zh: ['张量'], en: ['tensor'] },
  { zh: ['自然语言处理'], en: ['nlp', 'natural language processing'] },
  { zh: ['计算机视觉'], en: ['computer vision'] },
  { zh: ['特征工程'], en: ['feature engineering'] },
  { zh: ['知识图谱'], en: ['knowledge graph'] },
  { zh: ['推荐系统'], en: ['recommender system', 'recommendation system'] },
  { zh: ['提示词'], en: ['prompt'] },
  { zh: ['检索增强生成'], en: ['rag', 'retrieval-augmented generation'] },
  { zh: ['状态空间模型'], en: ['ssm', 'state space model'] },
  { zh: ['分布式训练'], en: ['distributed training'] },
  { zh: ['混合精度'], en: ['mixed precision'] },
];

/** Keys of a Latin form: its words, each split into its pieces (`fine-tuning` → fine, tuning). */
function latinKeys(text: string): string[] {
  return segment(text).flatMap((s) => (s.kind === 'word' ? (s.pieces.length ? s.pieces : [s.whole]) : [s.text]));
}

export interface GlossaryMatch {
  /** How many characters (Han) or keys (Latin) the match covers. */
  length: number;
  /** Every other form of the matched entry (normalised, lower-case), as written in the glossary. */
  alternatives: string[];
}

/** Looks up glossary forms in normalised query text. */
export class Glossary {
  private readonly han = new Map<string, Set<string>>();
  private readonly latin = new Map<string, Set<string>>();
  private maxHanLength = 0;
  private maxLatinKeys = 0;

  constructor(entries: readonly GlossaryEntry[] = DEFAULT_GLOSSARY) {
    for (const entry of entries) {
      const zh = entry.zh.map((f) => normalize(f));
      const en = entry.en.map((f) => normalize(f).toLowerCase());
      const forms = [...zh, ...en];
      for (const form of zh) this.addForm(this.han, form, form, forms);
      for (const form of en) {
        const keys = latinKeys(form);
        this.addForm(this.latin, keys.join(' '), form, forms);
        this.maxLatinKeys = Math.max(this.maxLatinKeys, keys.length);
      }
      this.maxHanLength = Math.max(this.maxHanLength, ...zh.map((f) => [...f].length));
    }
  }

  private addForm(map: Map<string, Set<string>>, key: string, form: string, forms: string[]): void {
    const alternatives = map.get(key) ?? new Set<string>();
    for (const f of forms) if (f !== form) alternatives.add(f);
    map.set(key, alternatives);
  }

  /** The longest glossary form starting at character `start` of a Han run. */
  matchHan(chars: readonly string[], start: number): GlossaryMatch | null {
    const longest = Math.min(this.maxHanLength, chars.length - start);
    for (let len = longest; len >= 2; len--) {
      const alternatives = this.han.get(chars.slice(start, start + len).join(''));
      if (alternatives) return { length: len, alternatives: [...alternatives] };
    }
    return null;
  }

  /**
   * The longest glossary form of at most `maxLength` keys starting at `start`
   * in a list of Latin keys (lower-case words or word pieces).
   */
  matchLatin(keys: readonly string[], start: number, maxLength = Infinity): GlossaryMatch | null {
    const longest = Math.min(this.maxLatinKeys, keys.length - start, maxLength);
    for (let len = longest; len >= 1; len--) {
      const alternatives = this.latin.get(keys.slice(start, start + len).join(' '));
      if (alternatives) return { length: len, alternatives: [...alternatives] };
    }
    return null;
  }

  /** Every other form of a whole term or phrase (any language, any script); empty if unknown. */
  expand(term: string): string[] {
    const zh = normalize(term.trim());
    const hit = this.han.get(zh) ?? this.latin.get(latinKeys(term).join(' '));
    return hit ? [...hit] : [];
  }
}
