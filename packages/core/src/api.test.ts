// The public surface of every entry point, as committed lists (sorted): a change to what a package exports
// fails here until the list is updated on purpose — with a changeset saying so.
import { describe, expect, it } from 'vitest';
import * as core from './index.js';
import * as internal from './internal/index.js';
import * as multiclass from './multiclass/index.js';
import * as testing from './testing/index.js';

const API: Record<string, { readonly module: object; readonly names: readonly string[] }> = {
  '@anyloss/core': {
    module: core,
    names: [
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
    ],
  },
  '@anyloss/core/multiclass': {
    module: multiclass,
    names: [
      'DEFAULT_SOFTMAX_AMPLIFICATION',
      'anyLoss',
      'averageMetric',
      'averagedPartials',
      'multiclassAnyLoss',
      'multiclassConfusionMatrix',
      'multiclassMetric',
      'sumCells',
    ],
  },
  '@anyloss/core/testing': {
    module: testing,
    names: [
      'compareWithReference',
      'conformanceCases',
      'describeConformance',
      'describeMulticlassConformance',
      'multiclassConformanceCase',
      'multiclassConformanceCases',
      'multiclassReferenceResult',
      'referenceResult',
    ],
  },
  // Not public (no semver guarantee), but listed all the same: what the adapters take from core changes on purpose too.
  '@anyloss/core/internal': {
    module: internal,
    names: [
      'FLOAT32_MAX',
      'argmaxOneHotRows',
      'assertAmplification',
      'assertCells',
      'assertMetric',
      'assertOptions',
      'binaryLossPlan',
      'binaryMetricPlan',
      'cellScale',
      'describeValue',
      'fitsFloat32',
      'isArrayLike',
      'multiOutputLossPlan',
      'multiOutputMetricPlan',
      'mustBe',
      'normalizeRows',
      'readAverage',
      'readClassWeight',
      'readFrom',
      'readMetric',
      'readOutput',
      'readThreshold',
      'rowNormalizationBackward',
    ],
  },
};

describe('API surface', () => {
  for (const [entry, { module, names }] of Object.entries(API)) {
    it(`${entry} exports exactly the committed names`, () => {
      expect(Object.keys(module).sort()).toEqual([...names].sort());
    });
  }
});
