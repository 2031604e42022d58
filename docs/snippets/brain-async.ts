import brain from 'brain.js';
import { fBeta, trainAsync } from '@anyloss/brain';

const rows = Array.from({ length: 120 }, (_, i) => {
  const a = ((i * 37) % 100) / 100;
  return { input: [a, 1 - a], output: [a > 0.8 ? 1 : 0] };
});

const net = new brain.NeuralNetwork({ hiddenLayers: [3] });
const epochs: number[] = [];
const result = await trainAsync(net, rows, {
  metric: fBeta(2), // recall twice as important as precision
  batchSize: 32, // the confusion-matrix gradient is computed per mini-batch of 32 rows
  learningRate: 0.3,
  iterations: 100,
  errorThresh: 0, // run all 100 epochs
  classWeight: { 1: 2 },
  seed: 3,
  callback: (status) => epochs.push(status.iterations),
  callbackPeriod: 25,
});
console.log(result.iterations, epochs.join(' ')); // prints: 100 25 50 75 100
