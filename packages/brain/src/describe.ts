// The adapter's errors and their rendering of values are core's, so every package speaks alike.
export { AnyLossError, describeValue } from '@anyloss/core';
