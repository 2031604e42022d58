import type { TensorLossPlan } from '@anyloss/core/internal';
import { customGrad, dispose, reshape, scalar, tidy, type GradSaveFunc, type Scalar, type Tensor } from '@tensorflow/tfjs-core';
import { reportBadValues, type TensorBatch } from './tensor-batch.js';

type Forward = (prediction: Tensor, save: GradSaveFunc) => { value: Scalar; gradFunc: (dy: Tensor, saved: Tensor[]) => Tensor };

/**
 * The loss of a batch with its gradient, for every AnyLoss loss (binary and multi-output): core's tensor plan runs
 * forward on the active backend, its small readout is read in ONE device→host read, core evaluates the metric and
 * the chain rule on the host, and `tf.customGrad` hands the plan's backward pass to tfjs.
 *
 * Everything but the loss value and the tensors the gradient needs is freed here, so a call outside `tf.tidy`
 * (a custom loop) leaks nothing either; a failed call frees everything.
 */
export function lossWithGradient<C>(plan: TensorLossPlan<Tensor, C>, batch: TensorBatch): Scalar {
  const { shape, classes } = batch;
  const forward: Forward = (prediction, save) => {
    const [readout, labels, amplified, complement, weights] = tidy(() => {
      const inputs = batch.inputs();
      const result = plan.forward(reshape(prediction, [...shape]), { ...inputs, classes });
      return [result.readout, inputs.labels, result.amplified, result.complement, inputs.weights] as const;
    });
    const data = readout.dataSync(); // the one device→host read of the step
    readout.dispose();
    const kept = [labels, amplified, complement, ...(weights === undefined ? [] : [weights])];
    let evaluation;
    try {
      evaluation = plan.evaluate(data, { classes, weighted: batch.sampleWeight !== undefined });
      if (evaluation.kind !== 'loss') {
        const check = (y: ArrayLike<number>, p: ArrayLike<number>, w: ArrayLike<number> | undefined): void =>
          plan.checkOnHost(y, p, w, classes);
        reportBadValues(check, batch, plan.cellsName, evaluation.kind === 'negative-cell' ? evaluation.cause : undefined);
      }
    } catch (error) {
      dispose(kept); // nothing outlives a failed call
      throw error;
    }
    const { loss, coefficients } = evaluation;
    const value = scalar(loss);
    save(plan.needsPrediction ? [...kept, prediction] : kept);
    dispose(kept); // `save` kept clones when a gradient is being recorded; without one nothing is needed
    return {
      value,
      gradFunc: (dy, saved) => {
        const [y, a, c] = saved as [Tensor, Tensor, Tensor];
        let next = 3;
        const w = weights === undefined ? undefined : (saved[next++] as Tensor);
        const p = plan.needsPrediction ? reshape(saved[next] as Tensor, [...shape]) : undefined;
        const gradient = plan.backward(dy, { labels: y, amplified: a, complement: c, weights: w, prediction: p }, coefficients, {
          classes,
        });
        return reshape(gradient, prediction.shape);
      },
    };
  };
  // tfjs types the custom function as variadic over (...inputs, save); this one has exactly one input.
  const withGradient = customGrad(forward as unknown as Parameters<typeof customGrad>[0]);
  return withGradient(batch.yPred) as Scalar;
}
