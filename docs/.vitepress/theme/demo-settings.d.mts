// Types of demo-settings.mjs.
export const DEMO_SETTINGS: Readonly<{
  hiddenUnits: number;
  learningRate: number;
  batchSize: number;
  epochs: number;
  validationShare: number;
  splitSeed: number;
  seeds: Readonly<{ hidden: number; output: number }>;
}>;
