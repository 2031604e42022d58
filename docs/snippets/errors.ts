import { anyLoss, isAnyLossError, metrics } from '@anyloss/core';

const loss = anyLoss(metrics.f1);
try {
  loss.lossAndGradient([0, 1, 2], [0.1, 0.9, 0.8]); // 2 is not a binary label
} catch (error) {
  if (isAnyLossError(error)) {
    console.log(error.code, error.argument, error.index, error.value); // prints: INVALID_LABEL yTrue 2 2
  }
}

try {
  anyLoss(metrics.f1, { amplifcation: 30 } as never); // a typo is an error, never silently ignored
} catch (error) {
  if (isAnyLossError(error)) console.log(error.code); // prints: UNKNOWN_OPTION
}
