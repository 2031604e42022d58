import { amplify, amplifyComplement } from '@anyloss/core';

// A(p) = σ(L·(p − 0.5)) at the paper's L = 73 and at L = 10.
console.log(amplify(0.5, 73)); // prints: 0.5
console.log(amplify(0.6, 73).toFixed(4), amplify(0.6, 10).toFixed(4)); // prints: 0.9993 0.7311
console.log(amplifyComplement(0.6, 73).toExponential(2)); // prints: 6.75e-4
