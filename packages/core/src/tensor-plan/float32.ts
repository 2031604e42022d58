/** The largest finite float32, the precision of tensor adapters' tensors (TensorFlow.js computes in float32). */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** True when `x` is finite in float32. */
export function fitsFloat32(x: number): boolean {
  return Math.abs(x) <= FLOAT32_MAX;
}
