// Machine-learning vocabulary for the generated corpus. Titles and leads are
// about subjects the bundled sample articles are NOT about, so each sample
// article stays the one article *about* its subject; bodies mention the
// sample's subjects (and the public queries' terms) in passing, by the thousand.

/** What a generated article is about: a Chinese and an English name. */
export interface Subject {
  zh: string;
  en: string;
}

export const TITLE_SUBJECTS: readonly Subject[] = [
  { zh: '知识图谱', en: 'knowledge graphs' },
  { zh: '推荐系统', en: 'recommender systems' },
  { zh: '联邦学习', en: 'federated learning' },
  { zh: '图神经网络', en: 'graph neural networks' },
  { zh: '多模态学习', en: 'multimodal learning' },
  { zh: '元学习', en: 'meta-learning' },
  { zh: '主动学习', en: 'active learning' },
  { zh: '异常检测', en: 'anomaly detection' },
  { zh: '时间序列预测', en: 'time series forecasting' },
  { zh: '模型压缩', en: 'model compression' },
  { zh: '量化感知训练', en: 'quantization-aware training' },
  { zh: '结构化剪枝', en: 'structured pruning' },
  { zh: '超参数搜索', en: 'hyperparameter search' },
  { zh: '贝叶斯优化', en: 'Bayesian optimization' },
  { zh: '因果推断', en: 'causal inference' },
  { zh: '语音识别', en: 'speech recognition' },
  { zh: '点云处理', en: 'point clouds' },
  { zh: '三维重建', en: '3D reconstruction' },
  { zh: '光流估计', en: 'optical flow' },
  { zh: '图像超分辨率', en: 'super-resolution' },
  { zh: '文本分类', en: 'text classification' },
  { zh: '命名实体识别', en: 'named entity recognition' },
  { zh: '问答系统', en: 'question answering' },
  { zh: '表格数据建模', en: 'tabular data' },
  { zh: '特征选择', en: 'feature selection' },
  { zh: '聚类分析', en: 'clustering' },
  { zh: '主成分分析', en: 'principal component analysis' },
  { zh: '支持向量机', en: 'support vector machines' },
  { zh: '决策树', en: 'decision trees' },
  { zh: '梯度提升树', en: 'gradient boosted trees' },
  { zh: '随机森林', en: 'random forests' },
  { zh: '集成学习', en: 'ensemble learning' },
  { zh: '半监督学习', en: 'semi-supervised learning' },
  { zh: '数据标注', en: 'data labeling' },
  { zh: '模型部署', en: 'model serving' },
  { zh: '推理加速', en: 'inference acceleration' },
  { zh: '端侧推理', en: 'on-device inference' },
  { zh: '向量数据库', en: 'vector databases' },
  { zh: '检索系统', en: 'retrieval systems' },
  { zh: '评测基准', en: 'benchmarks' },
  { zh: '可解释性', en: 'interpretability' },
  { zh: '公平性', en: 'fairness' },
  { zh: '隐私计算', en: 'privacy-preserving learning' },
  { zh: '持续学习', en: 'continual learning' },
  { zh: '课程学习', en: 'curriculum learning' },
  { zh: '多任务学习', en: 'multi-task learning' },
  { zh: '领域自适应', en: 'domain adaptation' },
  { zh: '少样本学习', en: 'few-shot learning' },
  { zh: '零样本学习', en: 'zero-shot learning' },
  { zh: '度量学习', en: 'metric learning' },
  { zh: '姿态估计', en: 'pose estimation' },
  { zh: '目标跟踪', en: 'object tracking' },
  { zh: '视频理解', en: 'video understanding' },
  { zh: '文档解析', en: 'document parsing' },
  { zh: '代码补全', en: 'code completion' },
  { zh: '智能体', en: 'agents' },
  { zh: '工具调用', en: 'tool use' },
  { zh: '长上下文', en: 'long context' },
  { zh: '混合专家', en: 'mixture of experts' },
  { zh: '稀疏计算', en: 'sparse computation' },
];

/** Methods, frameworks and concepts mentioned in passing; many are the public queries' subjects. */
export const METHODS: readonly string[] = [
  'Transformer', 'transformer', 'ResNet', 'BERT', 'GPT', 'LSTM', 'RNN', 'CNN', 'ViT', 'U-Net', 'Inception', 'Softmax',
  'softmax', 'LoRA', 'DPO', 'RLHF', 'Adam', 'AdamW', 'SGD', 'dropout', 'attention', 'self-attention', 'word embedding',
  'Word2Vec', 'diffusion', 'DDPM', 'GAN', 'VAE', 'flow', 'FlashAttention', 'PrefixTuning', 'Adapter', 'optimizer',
  'segmentation', 'segment', 'face recognition', 'DeepFace', 'pooling', 'convolution', 'backbone', 'tokenizer',
  '卷积', '池化', '注意力', '注意力机制', '自注意力', '微调', '预训练', '扩散模型', '生成模型', '生成对抗网络', '优化器',
  '学习率', '损失函数', '激活函数', '归一化', '正则化', '梯度下降', '反向传播', '词向量', '语言模型', '大模型',
  '强化学习', '蒙特卡洛', '随机擦除', '数据增强', '目标检测', '语义分割', '人脸识别', '特征工程', '知识蒸馏', '残差网络',
];

export const FRAMEWORKS: readonly string[] = ['PyTorch', 'pytorch', 'TensorFlow', 'tensorflow', 'JAX', 'Keras', 'PaddlePaddle', 'MindSpore', 'ONNX'];

export const DATASETS: readonly string[] = [
  'ImageNet', 'COCO', 'CIFAR-10', 'MNIST', 'GLUE', 'SQuAD', 'WikiText-103', 'LibriSpeech', 'KITTI', 'Cityscapes', 'MovieLens',
  'OGB', 'C4', 'The Pile', 'MMLU', '自建数据集', '公司内部日志', '公开的中文语料',
];

export const METRICS: readonly string[] = ['准确率', 'F1', 'AUC', 'mAP', 'BLEU', 'perplexity', '召回率', 'top-1 accuracy', '吞吐量', '延迟'];

export const ASPECTS: readonly string[] = ['评估方法', '工程细节', '常见误区', '调参经验', '数据准备', '线上效果', '失败案例', '基本思路'];

/** Feed tags some generated entries carry (classified like real feed categories). */
export const TAGS: readonly string[] = ['Python', 'NLP', 'CV', '深度学习', '强化学习', 'LLM', '工程', '论文笔记', 'MLOps', '数据'];

/** Title templates: {zh}/{en} are the subject, {zh2}/{en2} a second subject, {n} a number. */
export const TITLE_TEMPLATES: readonly string[] = [
  '{zh}实践笔记(第{n}篇)',
  '{en}: lessons from {n} experiments',
  '{zh}与{zh2}的对比实验 #{n}',
  'Notes on {en} and {en2} ({n})',
  '{zh}入门:{en} 第{n}讲',
  '读论文:{en}({year})#{n}',
  '{zh}的{aspect}({n})',
  'A practical guide to {en}, part {n}',
  '{zh}在{dataset}上的复现 {n}',
  '从{zh}到{zh2}:一次{aspect}复盘 {n}',
];

/** Lead sentences: about the title's subject, so the lead and title agree. */
export const LEAD_TEMPLATES: readonly string[] = [
  '本文介绍{zh}的基本思路,并给出{en}在{dataset}上的实验结果。',
  'This note covers {en}: the setup, the {metric} numbers on {dataset}, and what went wrong.',
  '{zh}({en})是近年来的热门方向,我们从{aspect}讲起。',
  '这一篇继续讨论{zh},重点是{aspect}和{zh2}的结合。',
  'We revisit {en} with a fresh baseline and report {metric} on {dataset}.',
  '关于{zh},社区里的讨论很多,这里整理{aspect}相关的要点。',
];

/** Body sentences mentioning methods and frameworks in passing. */
export const BODY_TEMPLATES: readonly string[] = [
  '实验使用{framework}实现,{method}部分沿用了常见的设计。',
  'We train with {method} on {dataset} for {n} epochs using {framework}.',
  '和{method}相比,{metric}提高了{n}个百分点,但训练时间更长。',
  '有读者问到{method}和{method2}的区别,简单说二者的出发点不同。',
  'The {method} baseline is strong; {method2} only helps on small data.',
  '代码基于{framework},其中{method}模块可以直接替换成{method2}。',
  '如果显存不够,可以先把{method}换成更小的配置,再逐步放大。',
  'In our runs {method} converged faster than {method2}, and {metric} stayed flat.',
  '数据预处理参考了{method}的做法,{dataset}的划分与原论文一致。',
  '附录里给出了{method}在{dataset}上的完整超参数表。',
];
