import { amplify, amplifyComplement } from '@anyloss/core';

// A confidently wrong prediction: label 1, p = 0.05, amplified with L = 73.
const L = 73;
const p = 0.05;
const amplified = amplify(p, L); // ŷ = A(p), tiny
const complement = amplifyComplement(p, L); // 1 − ŷ, computed as σ(−L(p − 0.5)), never as a subtraction

// The amplifier's slope L·ŷ(1 − ŷ) is what the gradient is multiplied by.
console.log((L * amplified * complement).toExponential(2)); // prints: 3.95e-13

// The same prediction on the other side, p = 0.95, in float32 (what tfjs computes in):
const f32 = Math.fround;
const a32 = f32(amplify(0.95, L));
console.log(f32(1 - a32)); // prints: 0
console.log(f32(amplifyComplement(0.95, L)).toExponential(2)); // prints: 5.41e-15
