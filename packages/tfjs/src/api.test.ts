// The public surface, as a committed list (sorted): a change to what the package exports fails here until the
// list is updated on purpose — with a changeset saying so. It re-exports all of @anyloss/core's main entry.
import { expect, it } from 'vitest';
import * as tfjs from './index.js';

const NAMES = [
  // @anyloss/tfjs
  'DEFAULT_SOFTMAX_AMPLIFICATION',
  'DEFAULT_TFJS_AMPLIFICATION',
  'EPOCH_METRICS_DEFAULTS',
  'createLoss',
  'createMetric',
  'epochMetrics',
  'loadModel',
  'saveModel',
  // re-exported from @anyloss/core
  'AnyLossError',
  'CELL_NAMES',
  'DEFAULT_AMPLIFICATION',
  'MAX_AMPLIFICATION',
  'PAPER_AMPLIFICATION',
  'amplify',
  'amplifyComplement',
  'anyLoss',
  'applyChainRule',
  'chainRuleCoefficients',
  'confusionMatrix',
  'defineMetric',
  'fBeta',
  'isAnyLossError',
  'metrics',
  'numericPartials',
  'optimalThreshold',
  'ratio',
  'seededRandom',
  'sigmoid',
  'softConfusionMatrix',
];

it('@anyloss/tfjs exports exactly the committed names', () => {
  expect(Object.keys(tfjs).sort()).toEqual([...NAMES].sort());
});
