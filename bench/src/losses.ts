import {
  AnyLossError,
  anyLoss,
  applyChainRule,
  DEFAULT_AMPLIFICATION,
  metrics,
  sigmoid,
  type Metric,
  type MetricName,
} from '@anyloss/core';
import { DEFAULT_SOFTMAX_AMPLIFICATION, multiclassAnyLoss, type Average, type MulticlassAmplifier } from '@anyloss/core/multiclass';

/**
 * Names of the binary baseline losses (everything else is an AnyLoss metric name): `bce`, `wbce` (class-weighted
 * BCE), `mse`, `bce-thr` (BCE, then the threshold maximising the target metric, chosen on an inner split — the
 * threshold step lives in the cross-validation, see `runBenchmark`), `focal` (focal loss) and `soft-f1` (soft F1,
 * cells from p without amplification).
 */
export const BASELINE_LOSSES = ['bce', 'wbce', 'mse', 'bce-thr', 'focal', 'soft-f1'] as const;

/** Baselines trained with binary cross-entropy (the same model; `bce-thr` only moves the decision threshold). */
export const CROSS_ENTROPY_LOSSES: readonly string[] = ['bce', 'wbce', 'bce-thr'];

/** Focal loss focusing parameter γ (Lin et al. 2017, the value of their experiments). */
export const FOCAL_GAMMA = 2;

/** A baseline loss name. */
export type BaselineLossName = (typeof BASELINE_LOSSES)[number];

/**
 * Baseline losses of multi-class targets: `cce`, categorical cross-entropy on the softmax of the K logits, and
 * `wcce`, the same with the "balanced" class weights of the training fold (the multi-class analogue of `wbce`).
 */
export const MULTICLASS_BASELINE_LOSSES = ['cce', 'wcce'] as const;

/** A multi-class baseline loss name. */
export type MulticlassBaselineLossName = (typeof MULTICLASS_BASELINE_LOSSES)[number];

/**
 * A loss the benchmark can train with: a baseline (`bce`, `wbce`, `mse`, ... for binary targets, `cce`, `wcce` for
 * multi-class ones), or the name of a core metric (= that AnyLoss; macro-averaged by default on multi-class targets).
 */
export type LossName = BaselineLossName | MulticlassBaselineLossName | MetricName;

/** A training loss evaluated on one batch, with its gradient with respect to the logits z (p = σ(z)). */
export interface TrainingLoss {
  /** The loss name, as given on the command line. */
  readonly name: LossName;
  /** True for AnyLoss losses (`1 − metric`). */
  readonly anyLoss: boolean;
  /** Logits per row: 1 for binary losses (p = σ(z)), K for multi-class ones (p = softmax(z)). */
  readonly outputs: number;
  /**
   * Writes ∂loss/∂z into `gradient` and returns the loss of the batch.
   * @param labels - 0/1 labels (binary) or class indices 0..K−1 (multi-class) of the batch.
   * @param logits - z of the batch: one per row (binary), or row-major rows × K (multi-class).
   * @param gradient - output buffer, same length as `logits`.
   */
  lossAndGradient(labels: Float64Array, logits: Float64Array, gradient: Float64Array): number;
  /**
   * Called by the models before every epoch (0-based, of `epochs`); losses whose settings change during training
   * (an amplification schedule) update them here. Absent for every fixed loss.
   */
  beginEpoch?(epoch: number, epochs: number): void;
}

/** Options of {@link createTrainingLoss}. */
export interface TrainingLossOptions {
  /**
   * AnyLoss amplification L (ignored by baselines); default 73 for binary targets and the one-vs-rest amplifier,
   * core's `DEFAULT_SOFTMAX_AMPLIFICATION` for the softmax amplifier.
   */
  readonly amplification?: number;
  /** Labels of the whole training fold: `wbce`, `wcce` and `focal` take their class weights from them. */
  readonly trainingLabels: ArrayLike<number>;
  /** Number of classes K; default 2 (binary: one logit per row). K ≥ 3 builds a multi-class loss on K logits. */
  readonly classes?: number;
  /** Multi-class averaging of per-class metrics; default `'macro'`. */
  readonly average?: Average;
  /** Multi-class amplifier; default `'softmax'` (core's default for softmax outputs). */
  readonly amplifier?: MulticlassAmplifier;
  /** Recipe levers of binary AnyLoss losses (ignored by baselines); see {@link AnyLossRecipe}. */
  readonly recipe?: AnyLossRecipe;
}

/**
 * Levers of a binary AnyLoss training recipe (the recipe study searches over them). Each is off when absent, so an
 * empty recipe is the plain AnyLoss of the paper at the run's amplification.
 */
export interface AnyLossRecipe {
  /**
   * `'none'`: no amplification — the soft cells are summed from p = σ(z) directly (the score-oriented loss with a
   * uniform threshold prior; for F1 this is `soft-f1`). A number overrides the run's amplification L.
   */
  readonly amplification?: number | 'none';
  /**
   * Divide each batch's ∂loss/∂z by n·max_i |∂loss/∂z_i|, so the largest per-row logit gradient is 1/n (BCE's
   * scale) whatever L or the metric's steepness: the direction is the exact gradient, the step size is scale-free
   * (brain's `gradientScale: 'normalize'`, divided by the batch size).
   */
  readonly normalizeGradient?: boolean;
  /** λ of the hybrid loss AnyLoss + λ·BCE (mean BCE from logits); 0 or absent = pure AnyLoss. */
  readonly bceWeight?: number;
  /** Initialise the output bias to the class prior's logit log(π/(1−π)) of the training fold (used by the models). */
  readonly priorBias?: boolean;
  /**
   * Amplification schedule: L starts at this value and grows geometrically to the target L over the first half of
   * the epochs, then stays there. Needs a numeric target L.
   */
  readonly amplificationStart?: number;
}

/** The amplification of epoch `epoch` (0-based, of `epochs`) under a ramp from `start` to `target` over the first half. */
export function scheduledAmplification(start: number, target: number, epoch: number, epochs: number): number {
  const rampEpochs = Math.max(1, Math.floor(epochs / 2));
  const progress = Math.min(1, epoch / rampEpochs);
  return start * (target / start) ** progress;
}

/** True if `name` is a loss this benchmark knows (binary or multi-class). */
export function isLossName(name: string): name is LossName {
  return (
    (BASELINE_LOSSES as readonly string[]).includes(name) ||
    (MULTICLASS_BASELINE_LOSSES as readonly string[]).includes(name) ||
    Object.hasOwn(metrics, name)
  );
}

/** All loss names, for help texts and error messages. */
export function lossNames(): string[] {
  return [...BASELINE_LOSSES, ...Object.keys(metrics), ...MULTICLASS_BASELINE_LOSSES];
}

/** The amplification L a loss uses when none is given: 73 (binary, one-vs-rest), or the softmax amplifier's default. */
export function defaultAmplification(classes: number, amplifier: MulticlassAmplifier = 'softmax'): number {
  return classes > 2 && amplifier === 'softmax' ? DEFAULT_SOFTMAX_AMPLIFICATION : DEFAULT_AMPLIFICATION;
}

/**
 * Mean categorical cross-entropy of rows × K logits against class indices, −(1/n)·Σ w_{y_i}·log softmax(z_i)[y_i],
 * computed stably (log-sum-exp); writes ∂/∂z_ik = w_{y_i}·(softmax(z_i)_k − [y_i = k])/n into `gradient`. Without
 * `classWeights` every w is 1 (plain CCE); with them (`wcce`, see {@link balancedClassWeights}) the sum is still
 * divided by the batch's row count n, as `wbce` is, not by the batch's sum of weights.
 */
export function categoricalCrossEntropy(
  labels: ArrayLike<number>,
  logits: ArrayLike<number>,
  classes: number,
  gradient: Float64Array,
  classWeights?: ArrayLike<number>,
): number {
  const n = labels.length;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const offset = i * classes;
    let max = -Infinity;
    for (let k = 0; k < classes; k++) max = Math.max(max, logits[offset + k] as number);
    let sum = 0;
    for (let k = 0; k < classes; k++) {
      const e = Math.exp((logits[offset + k] as number) - max);
      gradient[offset + k] = e;
      sum += e;
    }
    const label = labels[i] as number;
    const weight = classWeights === undefined ? 1 : (classWeights[label] as number);
    total += weight * (max + Math.log(sum) - (logits[offset + label] as number));
    for (let k = 0; k < classes; k++)
      gradient[offset + k] = (weight * ((gradient[offset + k] as number) / sum - (k === label ? 1 : 0))) / n;
  }
  return total / n;
}

/**
 * The "balanced" class weights of `wcce`, from the labels (class indices 0..K−1) of the whole training fold:
 * w_k = n/(K·n_k), with n the rows and n_k the rows of class k — scikit-learn's `class_weight='balanced'`, the
 * multi-class form of `wbce`'s n/(2·n_c). K counts the classes present in the labels (so the weights of the rows
 * sum to n); a class absent from them gets weight 1 (no row of the fold carries it).
 *
 * @throws {@link AnyLossError} `INVALID_LABEL` for a label that is not an integer in [0, classes).
 */
export function balancedClassWeights(labels: ArrayLike<number>, classes: number): Float64Array {
  const counts = new Float64Array(classes);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as number;
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      throw new AnyLossError('INVALID_LABEL', `trainingLabels[${i}] must be a class index 0..${classes - 1}, got ${String(label)}.`, {
        argument: 'trainingLabels',
        index: i,
        value: label,
      });
    }
    counts[label] = (counts[label] as number) + 1;
  }
  let present = 0;
  for (const count of counts) present += count > 0 ? 1 : 0;
  return Float64Array.from(counts, (count) => (count > 0 ? labels.length / (present * count) : 1));
}

function multiclassTrainingLoss(name: LossName, classes: number, options: TrainingLossOptions): TrainingLoss {
  if (name === 'cce') {
    return {
      name,
      anyLoss: false,
      outputs: classes,
      lossAndGradient: (labels, logits, gradient) => categoricalCrossEntropy(labels, logits, classes, gradient),
    };
  }
  if (name === 'wcce') {
    const weights = balancedClassWeights(options.trainingLabels, classes);
    return {
      name,
      anyLoss: false,
      outputs: classes,
      lossAndGradient: (labels, logits, gradient) => categoricalCrossEntropy(labels, logits, classes, gradient, weights),
    };
  }
  if (!Object.hasOwn(metrics, name)) {
    throw new AnyLossError(
      'INVALID_OPTION',
      `loss ${JSON.stringify(name)} is for binary targets; a target with ${classes} classes trains with cce (categorical cross-entropy), wcce (class-weighted cce) or a core metric name (macro AnyLoss).`,
      { argument: 'losses', value: name },
    );
  }
  const amplifier = options.amplifier ?? 'softmax';
  const loss = multiclassAnyLoss(metrics[name as MetricName], {
    average: options.average ?? 'macro',
    from: 'logits',
    amplifier,
    amplification: options.amplification ?? defaultAmplification(classes, amplifier),
    classes,
  });
  return {
    name,
    anyLoss: true,
    outputs: classes,
    lossAndGradient(labels, logits, gradient) {
      const result = loss.lossAndGradient(labels, logits);
      gradient.set(result.gradient);
      return result.loss;
    },
  };
}

/** log(1 + exp(x)) without overflow. */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** Share of label 1 in `labels`. */
function positiveShare(labels: ArrayLike<number>): number {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] === 1 ? 1 : 0;
  return labels.length > 0 ? positives / labels.length : 0;
}

/**
 * Focal-loss α for the positive class (Lin et al. 2017, §3.1, "α-balanced": α for class 1, 1 − α for class 0,
 * "α may be set by inverse class frequency"): α = the share of negatives in the training fold, so that
 * α/(1 − α) = n₀/n₁, the inverse ratio of the class frequencies (the ratio of wbce's class weights).
 */
export function focalAlpha(trainingLabels: ArrayLike<number>): number {
  return 1 - positiveShare(trainingLabels);
}

/**
 * Mean focal loss from logits (Lin et al. 2017): FL = −α_t (1 − p_t)^γ log p_t with p_t = p for y = 1, 1 − p for
 * y = 0, α_t = α or 1 − α. Exact gradient: for y = 1, ∂FL/∂z = α (1 − p)^γ (γ p log p − (1 − p)); for y = 0,
 * ∂FL/∂z = (1 − α) p^γ (p − γ (1 − p) log(1 − p)); both divided by n. log p = −softplus(−z), log(1 − p) = −softplus(z).
 */
export function focalLoss(
  labels: ArrayLike<number>,
  logits: ArrayLike<number>,
  alpha: number,
  gamma: number,
  gradient: Float64Array,
): number {
  const n = labels.length;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const z = logits[i] as number;
    const p = sigmoid(z);
    const q = sigmoid(-z); // 1 − p without cancellation
    if (labels[i] === 1) {
      const logP = -softplus(-z);
      const focus = q ** gamma;
      total -= alpha * focus * logP;
      gradient[i] = (alpha * focus * (gamma * p * logP - q)) / n;
    } else {
      const logQ = -softplus(z);
      const focus = p ** gamma;
      total -= (1 - alpha) * focus * logQ;
      gradient[i] = ((1 - alpha) * focus * (p - gamma * q * logQ)) / n;
    }
  }
  return total / n;
}

/**
 * `1 − metric` of the soft confusion matrix summed from p = σ(z) directly, with no amplification: TP = Σ y·p,
 * FN = Σ y·(1 − p), FP = Σ (1 − y)·p, TN = Σ (1 − y)·(1 − p). This is the score-oriented loss (Marchetti et al.
 * 2022) with a uniform prior on the threshold. The gradient is core's chain rule with dŷ/dz = p(1 − p).
 */
export function softCellsLoss(metric: Metric, labels: ArrayLike<number>, logits: ArrayLike<number>, gradient: Float64Array): number {
  const n = labels.length;
  let truePositives = 0;
  let falseNegatives = 0;
  let falsePositives = 0;
  let trueNegatives = 0;
  for (let i = 0; i < n; i++) {
    const z = logits[i] as number;
    const p = sigmoid(z);
    const q = sigmoid(-z);
    const slope = p * q;
    if (labels[i] === 1) {
      truePositives += p;
      falseNegatives += q;
      gradient[i] = slope; // (2y − 1)·w·dŷ/dz, the signed derivative applyChainRule expects
    } else {
      falsePositives += p;
      trueNegatives += q;
      gradient[i] = -slope;
    }
  }
  const cells = { truePositives, falseNegatives, falsePositives, trueNegatives };
  applyChainRule(metric.partials(cells), gradient);
  return 1 - metric.value(cells);
}

/** Mean (optionally class-weighted) binary cross-entropy from logits; adds `scale`·∂/∂z_i into `gradient`. */
function crossEntropy(
  labels: ArrayLike<number>,
  logits: ArrayLike<number>,
  negativeWeight: number,
  positiveWeight: number,
  gradient: Float64Array,
  scale = 1,
  accumulate = false,
): number {
  const n = labels.length;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const y = labels[i] as number;
    const z = logits[i] as number;
    const weight = y === 1 ? positiveWeight : negativeWeight;
    total += weight * (softplus(z) - y * z);
    const g = (scale * weight * (sigmoid(z) - y)) / n;
    gradient[i] = accumulate ? (gradient[i] as number) + g : g;
  }
  return total / n;
}

/** Divides `gradient` by n·max|gradient_i| (no change when it is all zero). */
export function normalizeBatchGradient(gradient: Float64Array): void {
  let largest = 0;
  for (let i = 0; i < gradient.length; i++) largest = Math.max(largest, Math.abs(gradient[i] as number));
  if (largest === 0) return;
  const factor = 1 / (largest * gradient.length);
  for (let i = 0; i < gradient.length; i++) gradient[i] = (gradient[i] as number) * factor;
}

/** The binary AnyLoss of `metric` with the levers of `recipe` (see {@link AnyLossRecipe}). */
function recipeLoss(name: LossName, metric: Metric, amplification: number, recipe: AnyLossRecipe): TrainingLoss {
  const target = recipe.amplification ?? amplification;
  const bceWeight = recipe.bceWeight ?? 0;
  if (!(bceWeight >= 0 && bceWeight < Infinity)) {
    throw new AnyLossError('INVALID_OPTION', `recipe.bceWeight must be a finite number ≥ 0, got ${String(bceWeight)}.`, {
      argument: 'recipe.bceWeight',
      value: bceWeight,
    });
  }
  const start = recipe.amplificationStart;
  if (start !== undefined && (target === 'none' || !(start > 0 && start < Infinity))) {
    throw new AnyLossError(
      'INVALID_OPTION',
      target === 'none'
        ? 'recipe.amplificationStart needs a numeric amplification to ramp to, not "none".'
        : `recipe.amplificationStart must be a finite number > 0, got ${String(start)}.`,
      { argument: 'recipe.amplificationStart', value: start },
    );
  }
  let loss = target === 'none' ? undefined : anyLoss(metric, { amplification: start ?? target, from: 'logits' });
  return {
    name,
    anyLoss: true,
    outputs: 1,
    lossAndGradient(labels, logits, gradient) {
      let value =
        loss === undefined ? softCellsLoss(metric, labels, logits, gradient) : loss.lossAndGradient(labels, logits, { out: gradient }).loss;
      if (bceWeight > 0) value += bceWeight * crossEntropy(labels, logits, 1, 1, gradient, bceWeight, true);
      if (recipe.normalizeGradient === true) normalizeBatchGradient(gradient);
      return value;
    },
    ...(start !== undefined && target !== 'none'
      ? {
          beginEpoch(epoch: number, epochs: number) {
            loss = anyLoss(metric, { amplification: scheduledAmplification(start, target, epoch, epochs), from: 'logits' });
          },
        }
      : {}),
  };
}

/**
 * Builds a training loss from its name:
 * - `bce` — mean binary cross-entropy, computed from logits (stable): ∂/∂z_i = (p_i − y_i)/n.
 * - `wbce` — class-weighted BCE with the "balanced" weights of the training fold, w_c = n/(2·n_c).
 * - `mse` — mean squared error on p = σ(z): ∂/∂z_i = 2(p_i − y_i)p_i(1 − p_i)/n.
 * - `bce-thr` — trains exactly as `bce` (its threshold is chosen by the cross-validation, not by the loss).
 * - `focal` — {@link focalLoss} with γ = {@link FOCAL_GAMMA} and α = {@link focalAlpha} of the training fold.
 * - `soft-f1` — {@link softCellsLoss} of F1: soft F1 with the cells summed from p, no amplification.
 * - any core metric name — `anyLoss(metrics[name], { amplification, from: 'logits' })` from `@anyloss/core`,
 *   whose gradient is already ∂loss/∂z; with `options.recipe`, that AnyLoss with the recipe's levers.
 *
 * With `classes ≥ 3` (K logits per row, softmax outputs):
 * - `cce` — mean categorical cross-entropy from logits: ∂/∂z_ik = (softmax(z_i)_k − [y_i = k])/n.
 * - `wcce` — class-weighted CCE with the "balanced" weights of the training fold, w_k = n/(K·n_k)
 *   ({@link balancedClassWeights}): ∂/∂z_ik = w_{y_i}·(softmax(z_i)_k − [y_i = k])/n.
 * - any core metric name — `multiclassAnyLoss(metrics[name], { average, from: 'logits', amplifier,
 *   amplification, classes })` from `@anyloss/core/multiclass` (macro average and the softmax amplifier by default).
 *
 * @throws {@link AnyLossError} `INVALID_OPTION` for an unknown name.
 */
export function createTrainingLoss(name: string, options: TrainingLossOptions): TrainingLoss {
  if (!isLossName(name)) {
    throw new AnyLossError('INVALID_OPTION', `unknown loss ${JSON.stringify(name)}; known losses are ${lossNames().join(', ')}.`, {
      argument: 'losses',
      value: name,
    });
  }
  const classes = options.classes ?? 2;
  if (classes > 2) return multiclassTrainingLoss(name, classes, options);
  if (name === 'cce' || name === 'wcce') {
    const binary = name === 'cce' ? 'bce' : 'wbce';
    throw new AnyLossError(
      'INVALID_OPTION',
      `loss ${JSON.stringify(name)} (${name === 'cce' ? '' : 'class-weighted '}categorical cross-entropy) is for targets with 3 or more classes; use ${binary} for a binary target.`,
      {
        argument: 'losses',
        value: name,
      },
    );
  }
  if (name === 'bce' || name === 'wbce' || name === 'bce-thr') {
    let positiveWeight = 1;
    let negativeWeight = 1;
    if (name === 'wbce') {
      let positives = 0;
      const n = options.trainingLabels.length;
      for (let i = 0; i < n; i++) positives += options.trainingLabels[i] === 1 ? 1 : 0;
      positiveWeight = positives > 0 ? n / (2 * positives) : 1;
      negativeWeight = positives < n ? n / (2 * (n - positives)) : 1;
    }
    return {
      name,
      anyLoss: false,
      outputs: 1,
      lossAndGradient: (labels, logits, gradient) => crossEntropy(labels, logits, negativeWeight, positiveWeight, gradient),
    };
  }
  if (name === 'focal') {
    const alpha = focalAlpha(options.trainingLabels);
    return {
      name,
      anyLoss: false,
      outputs: 1,
      lossAndGradient: (labels, logits, gradient) => focalLoss(labels, logits, alpha, FOCAL_GAMMA, gradient),
    };
  }
  if (name === 'soft-f1') {
    return {
      name,
      anyLoss: false,
      outputs: 1,
      lossAndGradient: (labels, logits, gradient) => softCellsLoss(metrics.f1, labels, logits, gradient),
    };
  }
  if (name === 'mse') {
    return {
      name,
      anyLoss: false,
      outputs: 1,
      lossAndGradient(labels, logits, gradient) {
        const n = labels.length;
        let total = 0;
        for (let i = 0; i < n; i++) {
          const p = sigmoid(logits[i] as number);
          const error = p - (labels[i] as number);
          total += error * error;
          gradient[i] = (2 * error * p * (1 - p)) / n;
        }
        return total / n;
      },
    };
  }
  const amplification = options.amplification ?? DEFAULT_AMPLIFICATION;
  if (options.recipe !== undefined) return recipeLoss(name, metrics[name], amplification, options.recipe);
  const loss = anyLoss(metrics[name], { amplification, from: 'logits' });
  return {
    name,
    anyLoss: true,
    outputs: 1,
    lossAndGradient(labels, logits, gradient) {
      return loss.lossAndGradient(labels, logits, { out: gradient }).loss;
    },
  };
}
