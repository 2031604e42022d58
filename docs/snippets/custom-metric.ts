import { anyLoss, defineMetric, fBeta, metrics } from '@anyloss/core';

// A cost-sensitive score: a missed positive costs 5, a false alarm costs 1; 1 = no errors.
// Partials are omitted, so AnyLoss differentiates numerically (≈ 1e-10 relative, once per batch).
const costScore = defineMetric({
  name: 'costScore',
  range: [0, 1],
  value: ({ truePositives, falseNegatives, falsePositives, trueNegatives }) => {
    const total = truePositives + falseNegatives + falsePositives + trueNegatives;
    return total > 0 ? 1 - (5 * falseNegatives + falsePositives) / (5 * total) : 0; // explicit 0/0 policy
  },
});

// The same metric with closed-form partials (T = total, E = 5·FN + FP): exact and a little faster.
const costScoreExact = defineMetric({
  name: 'costScoreExact',
  range: [0, 1],
  value: costScore.value,
  partials: ({ truePositives, falseNegatives, falsePositives, trueNegatives }) => {
    const total = truePositives + falseNegatives + falsePositives + trueNegatives;
    if (total === 0) return { truePositives: 0, falseNegatives: 0, falsePositives: 0, trueNegatives: 0 };
    const errors = 5 * falseNegatives + falsePositives;
    const common = errors / (5 * total * total); // ∂/∂cell of −E/(5T) through T
    return {
      truePositives: common,
      falseNegatives: common - 1 / total,
      falsePositives: common - 1 / (5 * total),
      trueNegatives: common,
    };
  },
});

const cells = { truePositives: 3, falseNegatives: 1, falsePositives: 2, trueNegatives: 14 };
const numeric = costScore.partials(cells);
const exact = costScoreExact.partials(cells);
console.log(costScore.value(cells).toFixed(3), costScore.exactPartials, costScoreExact.exactPartials); // prints: 0.930 false true
console.log(Math.abs(numeric.falseNegatives - exact.falseNegatives) < 1e-9); // prints: true

// Train on it like on any built-in:
const loss = anyLoss(costScoreExact, { amplification: 30 });
console.log(loss.loss([1, 0, 0, 1], [0.9, 0.2, 0.6, 0.3]).toFixed(3)); // prints: 0.297

// F-beta for any β, and every built-in metric, need no definition:
console.log(fBeta(2).name, metrics.mcc.range); // prints: f2 [ -1, 1 ]
