import brain from 'brain.js';
import { confusionMatrix, metrics, train } from '@anyloss/brain';

// brain.js rows: { input, output } with one output, 0 or 1 (1 = the class F1 is about).
// Toy data: positive when both inputs are high (about 1 in 5 rows).
const rows = Array.from({ length: 200 }, (_, i) => {
  const a = ((i * 37) % 100) / 100;
  const b = ((i * 61) % 100) / 100;
  return { input: [a, b], output: [a + b > 1.3 ? 1 : 0] };
});

const net = new brain.NeuralNetwork({ hiddenLayers: [4] });
const result = train(net, rows, { metric: metrics.f1, iterations: 300, seed: 1 });
// result.error is the AnyLoss value 1 − soft F1 of the last epoch; result.metric the hard training F1.
console.log(`${result.iterations} epochs, loss ${result.error.toFixed(3)}, training F1 ${result.metric.value.toFixed(3)}`);

// The net stays an ordinary brain.js net: run, toJSON/fromJSON, toFunction.
const yTrue = rows.map((row) => row.output[0] as number);
const yPred = rows.map((row) => (net.run(row.input) as number[])[0] as number);
console.log(metrics.f1.value(confusionMatrix(yTrue, yPred)) === result.metric.value); // prints: true
