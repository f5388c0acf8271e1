// The benchmark's query set: classes of queries a reader of a Chinese/English
// ML feed sends, drawn deterministically from fixed lists. Each class gets
// the same number of queries; the whole set is interleaved (seeded shuffle)
// so no class runs on a cache warmed by its neighbours.
import { Rng } from './rng';

export const QUERY_CLASSES = ['zh-2', 'zh-3-4', 'en-word', 'mixed', 'en-prefix', 'en-typo', 'no-hit'] as const;
export type QueryClass = (typeof QUERY_CLASSES)[number];

export interface BenchQuery {
  q: string;
  cls: QueryClass;
}

const ZH2 = [
  '模型',
  '训练',
  '卷积',
  '池化',
  '梯度',
  '数据',
  '网络',
  '算法',
  '扩散',
  '微调',
  '注意',
  '特征',
  '损失',
  '优化',
  '向量',
  '采样',
  '分类',
  '检测',
  '分割',
  '推理',
  '参数',
  '显存',
  '噪声',
  '奖励',
  '策略',
  '分布',
  '张量',
  '编码',
  '解码',
  '像素',
  '语料',
  '权重',
  '蒸馏',
  '剪枝',
  '量化',
  '聚类',
  '残差',
  '归一',
  '概率',
  '指标',
  '图像',
  '文本',
  '标注',
  '部署',
  '复现',
  '论文',
  '实验',
  '框架',
];

const ZH34 = [
  '生成模型',
  '注意力',
  '强化学习',
  '语言模型',
  '随机擦除',
  '知识图谱',
  '目标检测',
  '反向传播',
  '激活函数',
  '学习率',
  '数据增强',
  '预训练',
  '扩散模型',
  '卷积核',
  '自注意力',
  '损失函数',
  '梯度下降',
  '词向量',
  '大模型',
  '语义分割',
  '人脸识别',
  '特征工程',
  '推荐系统',
  '联邦学习',
  '图神经网络',
  '异常检测',
  '蒙特卡洛',
  '正则化',
  '归一化',
  '优化器',
  '感受野',
  '上采样',
  '超参数',
  '交叉熵',
  '多头注意力',
  '知识蒸馏',
  '模型压缩',
  '推理加速',
  '少样本',
  '元学习',
  '变分推断',
  '对比学习',
  '迁移学习',
  '自编码器',
  '残差网络',
  '价值函数',
  '贝尔曼方程',
  '时间序列',
];

const EN = [
  'transformer',
  'pytorch',
  'softmax',
  'attention',
  'model',
  'learning',
  'embedding',
  'diffusion',
  'gradient',
  'optimizer',
  'inception',
  'tensorflow',
  'dropout',
  'benchmark',
  'convolution',
  'segmentation',
  'pooling',
  'backbone',
  'tokenizer',
  'LoRA',
  'DPO',
  'RLHF',
  'GAN',
  'VAE',
  'BERT',
  'GPT',
  'LSTM',
  'ResNet',
  'AdamW',
  'DeepFace',
  'FlashAttention',
  'Word2Vec',
  'ImageNet',
  'COCO',
  'federated',
  'clustering',
  'forecasting',
  'inference',
  'retrieval',
  'agents',
  'DDPM',
  'SDE',
  'flow',
  'autograd',
  'CUDA',
  'Keras',
];

const MIXED = [
  'PyTorch 分布式',
  'transformer 注意力',
  'LoRA 微调',
  'GAN 生成模型',
  'softmax 分类',
  'BERT 预训练',
  'Adam 优化器',
  'CNN 卷积',
  'DDPM 采样',
  'RLHF 奖励模型',
  'word embedding 词向量',
  'attention 机制',
  'ResNet 残差',
  'diffusion 扩散',
  'GPU 显存',
  'dropout 正则化',
  'tensorflow 特征工程',
  'DPO 偏好',
  'ImageNet 分类',
  'COCO 检测',
  'face recognition 人脸',
  'VAE 变分',
  'flow 模型',
  'LSTM 序列',
  'Transformer 编码器',
  'SGD 学习率',
  'GCN 分割',
  'SDE 扩散模型',
  'Inception 网络',
  'autograd 求导',
  'Keras 框架',
  'CUDA 加速',
  'LLM 大模型',
  'token 分词',
  'backbone 特征',
  'benchmark 评测',
  'agents 工具调用',
  'MoE 专家',
  'retrieval 检索',
  'federated 联邦',
  'forecasting 时间序列',
  'pruning 剪枝',
  'quantization 量化',
  'ONNX 部署',
  'JAX 实现',
];

/** Prefixes are cut from these: long enough to leave something to complete. */
const LONG_EN = EN.filter((w) => w.length >= 7);

/** Typos are made from these: one edit each (swap, drop, double or replace a letter). */
const TYPO_SOURCES = [
  'tensorflow',
  'transformer',
  'optimizer',
  'attention',
  'embedding',
  'diffusion',
  'softmax',
  'gradient',
  'convolution',
  'segmentation',
  'inception',
  'dropout',
  'benchmark',
  'pytorch',
  'learning',
  'tokenizer',
  'backbone',
  'pooling',
  'federated',
  'clustering',
  'forecasting',
  'inference',
  'retrieval',
  'recommender',
  'knowledge',
  'reinforcement',
];

/** Neither Han bigram nor word of these occurs in the corpus. */
const NO_HIT_ZH = ['量子纠缠', '火星殖民', '甲骨文字', '龘靐齉', '鳕鱼罐头', '琵琶独奏', '蝾螈再生', '潮汐发电', '陨石坑', '珊瑚白化'];
const NO_HIT_EN = ['zebrafish', 'axolotl', 'xylophone', 'kumquat', 'fjord', 'quokka', 'zeppelin', 'bagpipes', 'marzipan', 'wombat'];

/** One edit (swap, drop, double or replace a letter) inside the word, never its first letter. */
export function typo(word: string, rng: Rng): string {
  const i = rng.int(1, word.length - 2);
  switch (rng.int(0, 3)) {
    case 0:
      return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    case 1:
      return word.slice(0, i) + word.slice(i + 1);
    case 2:
      return word.slice(0, i) + word[i] + word.slice(i);
    default:
      return word.slice(0, i) + 'qxz'[rng.int(0, 2)] + word.slice(i + 1);
  }
}

function noHit(rng: Rng, n: number): string {
  const zh = rng.pick(NO_HIT_ZH);
  const en = rng.pick(NO_HIT_EN);
  switch (n % 3) {
    case 0:
      return zh;
    case 1:
      return `${en}${rng.int(2, 99)}x`;
    default:
      return `${zh} ${en}`;
  }
}

function classQueries(cls: QueryClass, count: number, rng: Rng): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    switch (cls) {
      case 'zh-2':
        out.push(ZH2[i % ZH2.length]!);
        break;
      case 'zh-3-4':
        out.push(ZH34[i % ZH34.length]!);
        break;
      case 'en-word': {
        const w = EN[i % EN.length]!;
        // Case varies as users type it.
        out.push(i % 3 === 0 ? w.toUpperCase() : i % 3 === 1 ? w.toLowerCase() : w);
        break;
      }
      case 'mixed':
        out.push(MIXED[i % MIXED.length]!);
        break;
      case 'en-prefix': {
        const w = LONG_EN[i % LONG_EN.length]!.toLowerCase();
        out.push(w.slice(0, rng.int(4, Math.min(6, w.length - 1))));
        break;
      }
      case 'en-typo':
        out.push(typo(TYPO_SOURCES[i % TYPO_SOURCES.length]!, rng));
        break;
      case 'no-hit':
        out.push(noHit(rng, i));
        break;
    }
  }
  return out;
}

/** `perClass` queries of every class, interleaved in a seeded order. */
export function benchQueries(perClass: number, seed = 7): BenchQuery[] {
  const rng = new Rng(seed);
  const all = QUERY_CLASSES.flatMap((cls) => classQueries(cls, perClass, rng.fork(cls.length)).map((q) => ({ q, cls })));
  for (let i = all.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all;
}
