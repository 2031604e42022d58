import { amplify, amplifyComplement, DEFAULT_AMPLIFICATION } from '@anyloss/core';

console.log(DEFAULT_AMPLIFICATION); // prints: 73
console.log(amplify(0.5)); // prints: 0.5
console.log(amplify(0.6).toFixed(4), amplify(0.6, 10).toFixed(4)); // prints: 0.9993 0.7311
console.log(amplifyComplement(0.6).toExponential(2)); // prints: 6.75e-4
