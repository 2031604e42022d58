// The prose of the amplifier study's report (`anyloss-bench multiclass-study`): templates whose {placeholders}
// `studyReport` in multiclass-study.ts fills with fillTemplate; the tables are built there.

/** Title, what is compared, the setup and the heading of the sweeps. */
export const INTRO = `# Multi-class AnyLoss: which amplifier?

Regenerate with \`{command}\` (seed {seed}; wall time {minutes} min on 2 cores{workers}; only timings vary between runs). Raw numbers: [results.json](results.json).

Softmax outputs need an amplifier that turns probabilities into near-hard votes before the soft confusion matrices are built. Two designs of \`@anyloss/core/multiclass\` are compared, both training **macro-F1 AnyLoss** (\`multiclassAnyLoss(metrics.f1, { average: 'macro', from: 'logits', amplifier, amplification })\`):

- **one-vs-rest**: ŷ_ik = σ(L·(p_ik − 0.5)) on each softmax probability — the binary AnyLoss amplifier applied per class. When no class reaches 0.5, every ŷ is small, which disagrees with the argmax decision used at test time.
- **softmax**: ŷ_i = softmax(L·z_i), a sharpened softmax of the logits — rows still sum to 1 and the largest entry tends to the argmax vote as L grows.

and the baseline **categorical cross-entropy (CCE)**.

## Setup

- **Data**: the multi-class sets of \`@anyloss/datasets\`: {datasets}. Left out as duplicates: {excluded}. Imbalanced: {imbalanced} (rarest class {rarest} of the rows); the others are close to balanced.
- **Protocol**: stratified {folds}-fold cross-validation (seed {seed}); features standardised with training-fold statistics only; test metrics from the argmax of the K logits: macro-F1 = \`multiclassMetric(metrics.f1, y, z, { from: 'logits', average: 'macro' })\`, macro balanced accuracy = macro recall, accuracy.
- **Softmax regression** (\`--model logistic\`): weights and biases start at 0, {logisticEpochs} full-batch gradient-descent steps.
- **MLP** (\`--model mlp\`): Dense K → BatchNorm → sigmoid → Dense K → softmax (K = number of classes), Glorot-uniform initialisation, Adam, {mlpEpochs} epochs of shuffled batches of {batchPercent}% of the training fold (a macro average needs most classes in every batch), every loss alike.
- **Learning rate**, chosen once per model for every design (not per design, and not on the test folds' score): a held-out split — the first of 4 stratified folds drawn with seed + 1000, i.e. train on 75%, validate on 25% of each dataset — and the criterion "mean validation macro-F1 over the datasets and all eight designs". The held-out quarter is not disjoint from the test folds of the cross-validation (there are only six sets), but the single shared rate favours no design.

## Learning-rate sweeps (validation macro-F1 on the held-out split)
`;

/** ` with N worker thread(s)` after the wall time, when the record has it. */
export const WORKERS = ' with {count} worker thread{plural}';

/** Heading of one model's sweep table. */
export const SWEEP_HEADING = '**{model}** — chosen: **{chosen}**\n';

/** Heading of one model's test table. */
export const MODEL_HEADING = '## {model}: test macro-F1 (mean over {folds} folds)\n';

/** The ranking's heading and explanation. */
export const RANKING = `## Ranking over both models

Mean test macro-F1 over the datasets, averaged over the two models.
`;

/** The best designs, after the ranking table. */
export const BEST = `- Best AnyLoss design overall: **{overall}** ({overallScore}; CCE {cceAll}).
- Best AnyLoss design on the imbalanced sets: **{imbalanced}** ({imbalancedScore}; CCE {cceImbalanced}).
`;

/** The verdict's heading and what its table shows. */
export const VERDICT = `## Verdict on the target "macro-F1 at least as high as CCE on the imbalanced sets"

Per model and imbalanced set, the overall best design (**{design}**) against CCE: difference of the mean test macro-F1 and the two-sided exact paired sign-flip permutation p-value over the {folds} folds{smallestP}.
`;

/** With few folds: why no single set can be significant. */
export const SMALLEST_P = ' (with {folds} folds the smallest attainable p is {p}, so no single set can reach p < 0.05)';

/** The verdict's conclusion, after its table. */
export const VERDICT_CONCLUSION = '**{reached} of {total}** model × imbalanced-set cases reach the target (macro-F1 ≥ CCE − 0.005) with {design}. {misses} {significance} Averaged over both models and both imbalanced sets, {design} scores {designScore} against CCE\'s {cceScore}.\n';

/** Every imbalanced case reached the target. */
export const TARGET_MET = 'The target is met on every imbalanced case.';

/** Some cases did not. */
export const TARGET_MISSED = 'The target is **not** met everywhere: CCE is better for {misses}.';

/** No difference is significant. */
export const NONE_SIGNIFICANT = 'No difference in the table is significant at the 5% level.';

/** Some differences are significant. */
export const SOME_SIGNIFICANT = '{count} difference(s) are significant at the 5% level.';

/** The recommendation's heading and first bullet. */
export const RECOMMENDATION = `## Recommendation for the defaults of \`@anyloss/core/multiclass\`

- Amplifier and L: **{design}** — the AnyLoss design with the highest mean test macro-F1 over both models{imbalanced}.`;

/** Core's default, when another design won. */
export const CORE_DEFAULT_RANK = '- Core\'s current default, {design}, ranks {rank} of {total} here (mean {mean}; softmax regression {logistic}, MLP {mlp}).';

/** Core's default, when it won. */
export const CORE_DEFAULT_BEST = '- This is core\'s current default ({design}).';

/** Means by L, then the chart. */
export const BY_L = `- Mean macro-F1 by L — softmax: {softmax}; one-vs-rest: {oneVsRest} (both models averaged, best first).

![Mean test macro-F1 per design and model](macro-f1.svg)
`;
