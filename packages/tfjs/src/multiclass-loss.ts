import { AnyLossError, isAnyLossError, chainRuleCoefficients, type ConfusionCells, type Metric } from '@anyloss/core';
import {
  averagedPartials,
  averageMetric,
  multiclassAnyLoss,
  type Average,
  type MulticlassAmplifier,
  type MulticlassOutput,
} from '@anyloss/core/multiclass';
import {
  abs,
  add,
  concat,
  customGrad,
  div,
  dispose,
  eye,
  greater,
  log,
  matMul,
  mul,
  neg,
  ones,
  relu,
  reshape,
  round,
  scalar,
  sigmoid,
  softmax,
  sub,
  sum,
  tanh,
  tensor2d,
  tidy,
  where,
  zerosLike,
  cast,
  type GradSaveFunc,
  type Scalar,
  type Tensor,
} from '@tensorflow/tfjs-core';
import { fitsFloat32, gradientOverflow } from './internal.js';
import { assertLabelTensor, assertPredictionMatrix, assertWeightTensor, labelRows, type LabelLayout } from './multiclass-tensors.js';

/** Everything a multi-class loss fixes at creation. */
export interface MulticlassLossSettings {
  readonly metric: Metric;
  readonly average: Average;
  readonly output: MulticlassOutput;
  readonly amplifier: MulticlassAmplifier;
  readonly amplification: number;
  readonly fromLogits: boolean;
  readonly validate: boolean;
}

/**
 * The multi-class (softmax) or multi-label (sigmoid) AnyLoss of one batch, `1 − averaged metric` of the
 * per-class soft confusion matrices, with its gradient as tensor ops (see `createLoss`).
 *
 * Forward, on the active backend: the amplified predictions ŷ (core's amplifiers: softmax(L·z) or softmax(L·log p);
 * one-vs-rest σ(L(p − 0.5)) with complement σ(−s)) and the 4K per-class cells `[TP₀…, FN₀…, FP₀…, TN₀…]`,
 * read back in ONE read. Core averages the metric and gives each class's partials; `tf.customGrad` returns
 * g = w ⊙ (Y ⊙ c₊ + (1 − Y) ⊙ c₋) pushed back through the amplifier (and the softmax or sigmoid for logits).
 */
export function multiclassLoss(settings: MulticlassLossSettings, yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor | undefined): Scalar {
  const { metric, average, output, amplifier, amplification: L, fromLogits, validate } = settings;
  const [n, k] = assertPredictionMatrix(yPred, 'yPred');
  const layout = assertLabelTensor(yTrue, 'yTrue', n, k, output);
  if (sampleWeight !== undefined) assertWeightTensor(sampleWeight, 'sampleWeight', n);
  const softmaxAmplifier = amplifier === 'softmax';

  const forward = (prediction: Tensor, save: GradSaveFunc): { value: Scalar; gradFunc: (dy: Tensor, saved: Tensor[]) => Tensor } => {
    const [readout, labels, amplified, complement, weights] = tidy(() => {
      const p = reshape(prediction, [n, k]);
      const y = reshape(labelRows(yTrue, layout, n, k), [n, k]); // a new tensor even for rows: it is disposed below
      const w = sampleWeight === undefined ? undefined : reshape(sampleWeight, [n, 1]);
      let a: Tensor;
      let c: Tensor;
      if (softmaxAmplifier) {
        // ŷ = softmax(L·z) or softmax(L·log p) (p = 0 → ŷ = 0); 1 − ŷ_k = Σ_{j≠k} ŷ_j, a sum without cancellation.
        a = softmax(mul(fromLogits ? p : log(p), L));
        c = matMul(a, sub(ones([k, k]), eye(k)));
      } else {
        // s = L·(q − 0.5); for sigmoid logits q − 0.5 = tanh(z/2)/2, exact near z = 0 and finite for every z.
        let s: Tensor;
        if (fromLogits && output === 'sigmoid') s = mul(tanh(mul(p, 0.5)), L / 2);
        else s = mul(sub(fromLogits ? softmax(p) : p, 0.5), L);
        a = sigmoid(s);
        c = sigmoid(neg(s));
      }
      const positives = w === undefined ? y : mul(y, w);
      const negatives = w === undefined ? sub(1, y) : mul(sub(1, y), w);
      // [TP₀…TP_K−1, FN…, FP…, TN…], one read.
      const cells = concat([sum(mul(positives, a), 0), sum(mul(positives, c), 0), sum(mul(negatives, a), 0), sum(mul(negatives, c), 0)]);
      let out = cells;
      if (validate) {
        out = concat([cells, reshape(labelCheck(yTrue, y, layout, k, output), [1]), reshape(predictionCheck(p, w, k, output, fromLogits), [1])]);
      }
      return [out, y, a, c, w] as const;
    });
    const data = readout.dataSync(); // the one device→host read of the step: 4K numbers (+2 with validation)
    readout.dispose();
    const kept = [labels, amplified, complement, ...(weights === undefined ? [] : [weights])];
    let metricValue: number;
    let positive: Float32Array;
    let negative: Float32Array;
    try {
      const perClass = readClassCells(data, k);
      const finite = perClass.every((cells) => Object.values(cells).every(Number.isFinite));
      if (!finite || (validate && !(data[4 * k] === 0 && data[4 * k + 1] === 0))) {
        reportBadValues(settings, yTrue, yPred, sampleWeight, k);
      }
      // Sums of non-negative terms cannot be negative; a negative cell means a label outside {0, 1} or a negative
      // weight got past validateLabels: off. Checked for every class, also those an average leaves out.
      const negativeCellError = negativeCell(perClass);
      if (negativeCellError !== undefined) reportBadValues(settings, yTrue, yPred, sampleWeight, k, negativeCellError);
      metricValue = averageMetric(metric, perClass, average);
      const coefficients = averagedPartials(metric, perClass, average).map(chainRuleCoefficients);
      positive = Float32Array.from(coefficients, (coefficient) => coefficient.positive);
      negative = Float32Array.from(coefficients, (coefficient) => coefficient.negative);
      if (![...positive, ...negative].every((coefficient) => fitsFloat32(coefficient * L))) {
        throw gradientOverflow(perClass.flatMap((cells) => Object.values(cells)), sampleWeight !== undefined);
      }
    } catch (error) {
      dispose(kept); // nothing outlives a failed call
      // With validateLabels off, a label outside {0, 1} or a negative weight shows up as a negative cell: name the input.
      if (isAnyLossError(error) && error.code === 'INVALID_CELLS' && /cells/i.test(error.argument)) {
        reportBadValues(settings, yTrue, yPred, sampleWeight, k, error);
      }
      throw error;
    }
    const value = scalar(1 - metricValue);
    const needsPrediction = fromLogits || softmaxAmplifier;
    save(needsPrediction ? [...kept, prediction] : kept);
    dispose(kept); // `save` kept clones when a gradient is being recorded; without one nothing is needed
    return {
      value,
      gradFunc: (dy: Tensor, saved: Tensor[]): Tensor => {
        const [y, a, c] = saved as [Tensor, Tensor, Tensor];
        let next = 3;
        const w = weights === undefined ? undefined : (saved[next++] as Tensor);
        const p = needsPrediction ? reshape(saved[next] as Tensor, [n, k]) : undefined;
        // ∂loss/∂ŷ_ik = w_i · c_k(y_ik), c_k(y) = c₋_k + y·(c₊_k − c₋_k): per-class coefficients from core.
        const difference = tensor2d(positive.map((value, j) => value - (negative[j] as number)), [1, k]);
        let g = mul(add(mul(y, difference), tensor2d(negative, [1, k])), dy);
        if (w !== undefined) g = mul(g, w);
        if (softmaxAmplifier) {
          // Softmax Jacobian-vector product: g ← L·ŷ ⊙ (g − Σ_j g_j ŷ_j), per row; then d(log p)/dp = 1/p.
          g = mul(mul(a, sub(g, sum(mul(g, a), 1, true))), L);
          if (!fromLogits) g = where(greater(p as Tensor, 0), div(g, p as Tensor), zerosLike(g));
        } else {
          g = mul(g, mul(mul(a, c), L)); // dA/ds·ds/dq = L·A·(1 − A)
          if (fromLogits && output === 'sigmoid') g = mul(g, mul(sigmoid(p as Tensor), sigmoid(neg(p as Tensor))));
          else if (fromLogits) {
            const q = softmax(p as Tensor);
            g = mul(q, sub(g, sum(mul(g, q), 1, true)));
          }
        }
        return reshape(g, prediction.shape);
      },
    };
  };
  const withGradient = customGrad(((prediction: Tensor, save: GradSaveFunc) => forward(prediction, save)) as unknown as Parameters<
    typeof customGrad
  >[0]);
  return withGradient(yPred) as Scalar;
}

/** Per-class cells from the readout `[TP₀…, FN₀…, FP₀…, TN₀…]`. */
export function readClassCells(data: ArrayLike<number>, classes: number): ConfusionCells[] {
  return Array.from({ length: classes }, (_, j) => ({
    truePositives: data[j] as number,
    falseNegatives: data[classes + j] as number,
    falsePositives: data[2 * classes + j] as number,
    trueNegatives: data[3 * classes + j] as number,
  }));
}

/** Core's error for the first negative cell among the classes, or undefined when there is none. */
function negativeCell(perClass: readonly ConfusionCells[]): AnyLossError | undefined {
  for (const [index, cells] of perClass.entries()) {
    for (const [name, value] of Object.entries(cells)) {
      if (value < 0) {
        return new AnyLossError('INVALID_CELLS', `cells.${name} of class ${index} must be a finite number ≥ 0, got ${value}.`, {
          argument: `cells.${name}`,
          index,
          value,
        });
      }
    }
  }
  return undefined;
}

/**
 * 0 iff the labels are valid: 0/1 entries (and one 1 per row for softmax outputs), or integer class indices in
 * 0..K−1. NaN propagates.
 */
export function labelCheck(yTrue: Tensor, rows: Tensor, layout: LabelLayout, classes: number, output: MulticlassOutput): Tensor {
  if (layout === 'indices') {
    const index = cast(yTrue, 'float32');
    return add(sum(abs(sub(index, round(index)))), sum(add(relu(neg(index)), relu(sub(index, classes - 1)))));
  }
  const binary = sum(abs(mul(rows, sub(rows, 1))));
  return output === 'softmax' ? add(binary, sum(abs(sub(sum(rows, 1), 1)))) : binary;
}

/**
 * 0 iff the predictions (and weights) are valid: probabilities in [0, 1] whose rows sum to 1 within 1e-6·K
 * for softmax outputs (core's rule), or finite logits; weights finite and ≥ 0. NaN propagates.
 */
function predictionCheck(p: Tensor, w: Tensor | undefined, classes: number, output: MulticlassOutput, fromLogits: boolean): Tensor {
  let check: Tensor;
  if (fromLogits) check = sum(sub(p, p));
  else {
    check = sum(add(relu(neg(p)), relu(sub(p, 1))));
    if (output === 'softmax') check = add(check, sum(relu(sub(abs(sub(sum(p, 1), 1)), 1e-6 * classes))));
  }
  return w === undefined ? check : add(check, sum(add(relu(neg(w)), sub(w, w))));
}

/**
 * Reads the batch (only when a check failed) and lets core find and report the first bad element, so the
 * messages and codes are core's; falls back to a summary error if core finds nothing.
 */
function reportBadValues(
  settings: MulticlassLossSettings,
  yTrue: Tensor,
  yPred: Tensor,
  sampleWeight: Tensor | undefined,
  classes: number,
  cause?: AnyLossError,
): never {
  const { metric, average, output, amplifier, amplification, fromLogits } = settings;
  const reference = multiclassAnyLoss(metric, { average, output, amplifier, amplification, from: fromLogits ? 'logits' : 'probabilities', classes });
  const labels = Array.from(yTrue.dataSync()); // class indices (length n) or flat 0/1 rows (n·K): core tells them apart
  const weights = sampleWeight === undefined ? undefined : sampleWeight.dataSync();
  try {
    reference.loss(labels, yPred.dataSync(), weights === undefined ? undefined : { sampleWeight: weights });
  } catch (error) {
    if (isAnyLossError(error) && !(cause !== undefined && error.code === 'INVALID_CELLS')) {
      const argument = error.argument === 'options.sampleWeight' ? 'sampleWeight' : error.argument.replace(' (flattened)', '');
      const because = cause === undefined ? '' : ` With validateLabels off, it made a cell of a soft confusion matrix negative (${cause.message.replace(/\.$/, '')}).`;
      const message = error.message.replace('options.sampleWeight', 'sampleWeight').replace(' (flattened)', ' (flattened row-major)') + because;
      throw new AnyLossError(error.code, message, {
        argument,
        ...(error.index === undefined ? {} : { index: error.index }),
        value: error.value,
      });
    }
    throw error;
  }
  if (cause !== undefined) {
    throw new AnyLossError(
      'INVALID_CELLS',
      `yTrue: a cell of a soft confusion matrix is negative (${cause.message.replace(/\.$/, '')}); labels must be 0 or 1 ` +
        '(or class indices 0..K−1) and sample weights ≥ 0 (turn on validateLabels to check every batch).',
      { argument: 'yTrue', value: cause.value },
    );
  }
  throw new AnyLossError(
    'INVALID_CELLS',
    'the per-class soft confusion matrices of this batch are not finite or failed a check (a float32 overflow, or rows ' +
      'summing to 1 only within float32 rounding?); check yTrue, yPred and sampleWeight.',
    { argument: 'yPred' },
  );
}
