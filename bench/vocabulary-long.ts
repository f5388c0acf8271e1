// Material for the realistic profile's long articles: section headings,
// English sentences, code blocks and formulas of the kind a Chinese ML blog
// carries between its prose. Placeholders are filled as in vocabulary.ts
// ({method}, {framework}, {dataset}, {metric}, {n}, {zh}, {en}).

export const HEADINGS: readonly string[] = [
  '背景',
  '问题定义',
  '方法',
  '模型结构',
  '实验设置',
  '实验结果',
  '消融实验',
  '结果分析',
  '实现细节',
  '训练技巧',
  '代码实现',
  '复现记录',
  '踩坑记录',
  '小结',
  '参考资料',
  'Background',
  'Method',
  'Setup',
  'Results',
  'Ablations',
  'Implementation details',
  'Discussion',
  'Limitations',
  'Appendix',
  'FAQ',
];

/** English prose, about the article's subject or in passing about methods. */
export const EN_SENTENCES: readonly string[] = [
  'The {en} setup follows the original paper closely, except for the learning-rate schedule.',
  'We keep the {method} block unchanged and only swap the data pipeline.',
  'Training on {dataset} takes about {n} hours on a single GPU with mixed precision.',
  'The {metric} curve flattens after the warm-up phase, which matches what others report.',
  'A common mistake is to normalise the inputs twice: once in the loader and once in the model.',
  'If the loss spikes early, lower the learning rate before touching anything else.',
  'For {en}, the batch size matters more than the choice of {method}.',
  'We log every run, including the failed ones, because the failures explain the defaults.',
  'Gradient clipping at 1.0 removed the occasional NaN without slowing convergence.',
  'The evaluation script is the same for every baseline, so the numbers are comparable.',
  'Most of the gain comes from better data, not from the {method} variant we tried.',
  'With {framework}, the whole experiment fits in about {n} lines of code.',
  'The second table compares {method} and {method2} at equal compute.',
  'Weight decay helps on small data and barely matters once the dataset is large.',
  'Note that the validation split is fixed; reshuffling it changes {metric} by a point or two.',
  'Reading the attention maps shows the model looks at the right regions most of the time.',
  'We release the checkpoints and the exact config so the result can be reproduced.',
  'Inference latency stays under {n} ms per sample after fusing the normalisation layers.',
  'One open question is how {en} behaves when the label noise grows.',
  'The baseline is deliberately simple: a linear probe on frozen features.',
];

/** Chinese prose beyond the sample feed's sentences: connective tissue of a long post. */
export const ZH_SENTENCES: readonly string[] = [
  '先说结论:{zh}在数据量足够时效果稳定,数据少时要小心过拟合。',
  '下面按照时间顺序记录这次实验,方便以后回头查。',
  '这里的关键是{method}的输入要先做归一化,否则训练初期会很不稳定。',
  '我们在{dataset}上跑了{n}组对照实验,结果汇总在下表。',
  '学习率从1e-3开始,每{n}个epoch衰减一半。',
  '这个现象在论文里没有提到,但在社区讨论里经常出现。',
  '如果只关心{metric},可以直接跳到最后一节。',
  '代码已经整理好,核心部分不到两百行。',
  '需要注意的是,{framework}的默认初始化和原论文不一样。',
  '把{method}换成{method2}之后,收敛速度明显变快。',
  '显存占用主要来自中间激活,开启梯度检查点后下降了一半左右。',
  '评测时固定随机种子,每组实验重复三次取平均。',
  '从误差分析看,大部分错误集中在少数几个类别上。',
  '这一部分的推导稍微繁琐,不感兴趣的读者可以跳过。',
  '最后补充一点{zh}在工业场景中的经验。',
];

/** Code blocks (Python), as a blog shows them: several lines, indentation, operators that need escaping. */
export const CODE_BLOCKS: readonly string[] = [
  `import torch
import torch.nn as nn

class Block(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.fc1 = nn.Linear(dim, hidden)
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x):
        return x + self.fc2(torch.relu(self.fc1(self.norm(x))))`,
  `for epoch in range({n}):
    for step, (x, y) in enumerate(loader):
        loss = criterion(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        if step % 100 == 0 and loss.item() > 1e3:
            print("loss exploded at", epoch, step)
        optimizer.step()`,
  `def scaled_dot_product(q, k, v, mask=None):
    scores = q @ k.transpose(-2, -1) / (q.size(-1) ** 0.5)
    if mask is not None:
        scores = scores.masked_fill(mask == 0, float("-inf"))
    return torch.softmax(scores, dim=-1) @ v`,
  `optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.01)
scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max={n})
scaler = torch.cuda.amp.GradScaler()`,
  `x = tf.keras.layers.Conv2D(64, 3, padding="same")(inputs)
x = tf.keras.layers.BatchNormalization()(x)
x = tf.keras.layers.Activation("relu")(x)
outputs = tf.keras.layers.GlobalAveragePooling2D()(x)`,
  `def add_noise(x0, t, alphas_cumprod):
    noise = torch.randn_like(x0)
    a = alphas_cumprod[t].sqrt().view(-1, 1, 1, 1)
    b = (1 - alphas_cumprod[t]).sqrt().view(-1, 1, 1, 1)
    return a * x0 + b * noise, noise`,
  `$ python train.py --data {dataset} --epochs {n} --batch-size 256 --amp
$ torchrun --nproc_per_node=8 train.py --config configs/base.yaml`,
  `if len(batch) < min_size and not drop_last:
    batch = pad(batch, min_size)
assert logits.shape[-1] == num_classes, f"{logits.shape} != {num_classes}"`,
];

/** Display formulas (LaTeX as MathJax pages carry it), and inline ones. */
export const FORMULAS: readonly string[] = [
  '$$\\mathcal{L} = -\\sum_{i=1}^{N} y_i \\log \\hat{y}_i$$',
  '$$\\mathrm{Attention}(Q, K, V) = \\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right) V$$',
  '$$q(x_t \\mid x_{t-1}) = \\mathcal{N}(x_t; \\sqrt{1-\\beta_t}\\, x_{t-1}, \\beta_t I)$$',
  '$$\\theta_{t+1} = \\theta_t - \\eta \\frac{\\hat{m}_t}{\\sqrt{\\hat{v}_t} + \\epsilon}$$',
  "$$V(s) = \\max_a \\Big( R(s, a) + \\gamma \\sum_{s'} P(s' \\mid s, a) V(s') \\Big)$$",
  '$$\\mathrm{KL}(p \\,\\|\\, q) = \\int p(x) \\log \\frac{p(x)}{q(x)} \\, dx \\geq 0$$',
  '$$\\mathrm{IoU} = \\frac{|A \\cap B|}{|A \\cup B|}, \\quad 0 < \\mathrm{IoU} \\leq 1$$',
];

export const INLINE_FORMULAS: readonly string[] = [
  '\\(\\beta_t\\)',
  '\\(d_k = 64\\)',
  '\\(\\gamma < 1\\)',
  '\\(O(n^2)\\)',
  '\\(\\lambda = 0.1\\)',
];
