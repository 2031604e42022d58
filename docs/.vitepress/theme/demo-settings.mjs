// The live demo's training settings, in one place: the demo (AnyLossDemo.vue, demo-data.ts) uses them, and
// docs/demo.md states them through the defaults markers (docs/scripts/defaults.mjs), so the page always
// describes what the demo does.
export const DEMO_SETTINGS = Object.freeze({
  /** Units of the one hidden ReLU layer. */
  hiddenUnits: 8,
  /** Adam's learning rate. */
  learningRate: 0.01,
  /** Rows per mini-batch. */
  batchSize: 32,
  /** Epochs the form starts with. */
  epochs: 40,
  /** Share of each class held out for validation (rounded to whole rows per class). */
  validationShare: 0.3,
  /** Seed of the stratified split (`stratifiedHoldout` of `@anyloss/datasets`). */
  splitSeed: 1,
  /** Seeds of the two layers' Glorot-uniform initialisers. */
  seeds: Object.freeze({ hidden: 1, output: 2 }),
});
