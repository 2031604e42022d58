// The public surface, as a committed list (sorted): a change to what the package exports fails here until the
// list is updated on purpose — with a changeset saying so. It re-exports all of @anyloss/core's main entry.
import { expect, it } from 'vitest';
import * as brain from './index.js';

const NAMES = [
  // @anyloss/brain
  'TRAIN_DEFAULTS',
  'train',
  'trainAsync',
  'withSeededRandom',
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

it('@anyloss/brain exports exactly the committed names', () => {
  expect(Object.keys(brain).sort()).toEqual([...NAMES].sort());
});
