import { anyLoss, confusionMatrix, metrics } from '@anyloss/core';

// Multi-class with binary AnyLoss: one logistic unit per class, each trained on "class k vs the rest" with
// AnyLoss-F1; predict the class whose unit scores highest. Data: three classes of 50 points along a line, from a
// fixed pseudo-random sequence (so the example prints the same numbers every time).
let seed = 11;
const random = (): number => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
const centres = [-2, 0, 2];
const labels: number[] = [];
const features: number[][] = [];
for (let i = 0; i < 150; i++) {
  const label = i % 3;
  labels.push(label);
  features.push([(centres[label] as number) + 1.6 * (random() - 0.5), 2 * (random() - 0.5)]);
}
const classes = centres.length;

// Standardise (here on all rows; in real use, with the training split's statistics only), and add the squares as
// features: "the middle class vs the rest" is not linearly separable.
const width = 2 * features[0]!.length;
const mean = [0, 1].map((j) => features.reduce((s, row) => s + (row[j] as number), 0) / features.length);
const sd = mean.map((m, j) => Math.sqrt(features.reduce((s, row) => s + ((row[j] as number) - m) ** 2, 0) / features.length));
const x = features.map((row) => {
  const z = row.map((value, j) => (value - (mean[j] as number)) / (sd[j] as number));
  return [...z, ...z.map((v) => v * v)];
});

const loss = anyLoss(metrics.f1, { from: 'logits', amplification: 10 });
const logitsOf = (w: number[], row: number[]): number => row.reduce((s, v, j) => s + v * (w[j] as number), w[width] as number);

const units = Array.from({ length: classes }, (_, k) => {
  const yTrue = labels.map((label) => (label === k ? 1 : 0)); // class k vs the rest
  const w = new Array<number>(width + 1).fill(0); // weights and bias
  const logits = new Float64Array(x.length);
  for (let step = 0; step < 300; step++) {
    x.forEach((row, i) => (logits[i] = logitsOf(w, row)));
    const { gradient } = loss.lossAndGradient(yTrue, logits);
    for (let j = 0; j <= width; j++) {
      w[j] = (w[j] as number) - 0.1 * gradient.reduce((s, g, i) => s + g * (j < width ? (x[i]?.[j] as number) : 1), 0);
    }
  }
  return w;
});

const predicted = x.map((row) => {
  const scores = units.map((w) => logitsOf(w, row));
  return scores.indexOf(Math.max(...scores));
});
const accuracy = predicted.filter((k, i) => k === labels[i]).length / labels.length;
console.log(`${classes} one-vs-rest units, accuracy ${accuracy.toFixed(3)}`); // prints: 3 one-vs-rest units, accuracy 0.993

// Per-class F1 (each class vs the rest, on the argmax predictions), and their mean: the macro F1.
const perClass = Array.from({ length: classes }, (_, k) =>
  metrics.f1.value(
    confusionMatrix(
      labels.map((l) => (l === k ? 1 : 0)),
      predicted.map((p) => (p === k ? 1 : 0)),
    ),
  ),
);
console.log(`macro F1 ${(perClass.reduce((s, v) => s + v, 0) / classes).toFixed(3)}`); // prints: macro F1 0.993
