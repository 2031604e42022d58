import fc from 'fast-check';

// Property tests are reproducible: a fixed seed in CI, overridable to explore (FC_SEED=123 pnpm test).
fc.configureGlobal({ seed: Number(process.env['FC_SEED'] ?? 20_241_127), numRuns: 100 });
