// The prose of the amplifier study's report (`anyloss-bench multiclass-study`): templates whose {placeholders}
// `studyReport` in multiclass-study.ts fills with fillTemplate; the tables are built there.

/** Title, what is compared, the setup and the heading of the sweeps. */
export const INTRO = `# Multi-class AnyLoss: which amplifier?

Regenerate with \`{command}\` (seed {seed}; wall time {minutes} min on 2 cores{workers}{reused}; only timings vary between runs). Raw numbers: [results.json](results.json).

Softmax outputs need an amplifier that turns probabilities into near-hard votes before the soft confusion matrices are built. Two designs of \`@anyloss/core/multiclass\` are compared, both training **macro-F1 AnyLoss** (\`multiclassAnyLoss(metrics.f1, { average: 'macro', from: 'logits', amplifier, amplification })\`):

- **one-vs-rest**: ŷ_ik = σ(L·(p_ik − 0.5)) on each softmax probability — the binary AnyLoss amplifier applied per class. When no class reaches 0.5, every ŷ is small, which disagrees with the argmax decision used at test time.
- **softmax**: ŷ_i = softmax(L·z_i), a sharpened softmax of the logits — rows still sum to 1 and the largest entry tends to the argmax vote as L grows.

and the baseline **categorical cross-entropy (CCE)**.

## Setup

- **Data**: the multi-class sets of \`@anyloss/datasets\`: {datasets}. Left out as duplicates: {excluded}. Imbalanced: {imbalanced} (rarest class {rarest} of the rows); the others are close to balanced.
- **Protocol**: stratified {folds}-fold cross-validation (seed {seed}); features standardised with training-fold statistics only; test metrics from the argmax of the K logits: macro-F1 = \`multiclassMetric(metrics.f1, y, z, { from: 'logits', average: 'macro' })\`, macro balanced accuracy = macro recall, accuracy.
- **Softmax regression** (\`--model logistic\`): weights and biases start at 0, {logisticEpochs} full-batch gradient-descent steps.
- **MLP** (\`--model mlp\`): Dense K → BatchNorm → sigmoid → Dense K → softmax (K = number of classes), Glorot-uniform initialisation, Adam, {mlpEpochs} epochs of shuffled batches of {batchPercent}% of the training fold (a macro average needs most classes in every batch), every loss alike.
- **Learning rate** (part 1), chosen once per model for every design (not per design, and not on the test folds' score): a held-out split — the first of 4 stratified folds drawn with seed + 1000, i.e. train on 75%, validate on 25% of each dataset — and the criterion "mean validation macro-F1 over the datasets and all eight designs". The held-out quarter is not disjoint from the test folds of the cross-validation (there are only six sets), and one rate shared by all designs suits some of them better than others.
{partTwo}
## Learning-rate sweeps (validation macro-F1 on the held-out split)
`;

/** The setup bullet of part 2, when the record has it. */
export const PART_TWO_SETUP = `- **Part 2** ([below](#part-2-against-cross-entropy-and-weighted-cross-entropy-every-loss-at-its-own-learning-rate)): CCE, class-weighted CCE and the strongest AnyLoss designs again, each with **its own learning rate chosen per outer fold** by inner cross-validation, so that no loss is held to a rate chosen for others; core's default L is decided there.
`;

/** After the wall time, when part 1 was taken from an earlier run (`--reuse-part-one`). */
export const REUSED_PART_ONE =
  ' — part 1 ({partOneMinutes} min) taken from an earlier run of the same settings with `--reuse-part-one`, part 2 {partTwoMinutes} min';

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
export const VERDICT_CONCLUSION =
  "**{reached} of {total}** model × imbalanced-set cases reach the target (macro-F1 ≥ CCE − 0.005) with {design}. {misses} {significance} Averaged over both models and both imbalanced sets, {design} scores {designScore} against CCE's {cceScore}.\n";

/** Every imbalanced case reached the target. */
export const TARGET_MET = 'The target is met on every imbalanced case.';

/** Some cases did not. */
export const TARGET_MISSED = 'The target is **not** met everywhere: CCE is better for {misses}.';

/** No difference is significant. */
export const NONE_SIGNIFICANT = 'No difference in the table is significant at the 5% level.';

/** Some differences are significant. */
export const SOME_SIGNIFICANT = '{count} difference(s) are significant at the 5% level.';

/** The recommendation's heading and first bullet. */
export const RECOMMENDATION = `## Part 1: what the shared-rate comparison says about the defaults of \`@anyloss/core/multiclass\`

- Amplifier and L: **{design}** — the AnyLoss design with the highest mean test macro-F1 over both models{imbalanced}.`;

/** Core's default, when another design won. */
export const CORE_DEFAULT_RANK =
  "- Core's current default, {design}, ranks {rank} of {total} here (mean {mean}; softmax regression {logistic}, MLP {mlp}).";

/** Core's default, when it won. */
export const CORE_DEFAULT_BEST = "- This is core's current default ({design}).";

/** Means by L, then the chart. */
export const BY_L = `- Mean macro-F1 by L — softmax: {softmax}; one-vs-rest: {oneVsRest} (both models averaged, best first).{partTwo}

![Mean test macro-F1 per design and model](macro-f1.svg)
`;

/** After the part-1 recommendation, when the record has part 2. */
export const DECIDED_IN_PART_TWO = `
- The decision on the default is made in part 2 below, with every loss at its own learning rate.`;

/** Part 2: heading, what is compared and how the rates are tuned. */
export const TUNED_INTRO = `## Part 2: against cross-entropy and weighted cross-entropy, every loss at its own learning rate

Part 1 holds every design to one learning rate per model, chosen for all of them together. A practitioner tunes the rate for the loss they use, and a rate shared by all losses suits some better than others — so part 2 gives each loss its own: the benchmark's \`--tune-learning-rate\`, which chooses the rate **per outer fold** by stratified {innerFolds}-fold cross-validation inside the training fold (every rate of the grid — softmax regression {logisticGrid}, MLP {mlpGrid} — is trained on each inner training part and scored on the inner held-out part; criterion: the mean inner macro-F1 from the argmax; ties go to the smaller rate), then trains on the whole training fold with the chosen rate. The outer folds, seeds, epochs and batches are those of part 1, so every result pairs with the others fold by fold.{reduced}

Compared: {designs}. \`wcce\` is categorical cross-entropy with the "balanced" class weights n/(K·n_k) of the training fold (scikit-learn's \`class_weight='balanced'\`, the multi-class form of \`wbce\`), the usual remedy for imbalanced classes. Wall time of part 2: {minutes} min.
`;

/** After the tuning protocol, when part 2 used fewer inner folds than the benchmark's default. */
export const REDUCED_INNER_FOLDS = `

**Reduced cost: {innerFolds} inner folds, not the benchmark's default {defaultInnerFolds}** (\`STUDY_INNER_FOLDS\` in bench/src/multiclass-study.ts). Part 2 trains every loss at every rate in every inner fold of every outer fold, so the inner folds set its cost: {innerFolds} inner folds (each rate fitted {innerFolds} times on {innerShare}% of a dataset instead of {defaultInnerFolds} times on {defaultInnerShare}%) cut part 2's training by about {saving}% (planned before the run, when an estimate from timing one outer fold put the whole study with {defaultInnerFolds} inner folds at over an hour on this 2-core machine). Every rate of the grid stays a candidate for every loss — dropping rates instead would drop the rate that suits some loss (in part 1's sweeps each end of the softmax-regression grid is the best rate of some design). The price is a noisier choice of rate per fold.{leftOut}`;

/** In the reduced-cost paragraph: the part-1 design part 2 leaves out. */
export const LEFT_OUT =
  ' Also for cost, part 2 leaves out **{design}**, the best one-vs-rest design of part 1: it is not a candidate for the default, and in part 1 its mean macro-F1 over both models is {score} against {incumbentScore} for softmax L={incumbent}.';

/** Heading of one model's test table in part 2. */
export const TUNED_MODEL_HEADING = '### {model}: test macro-F1, learning rate tuned per fold (mean over {folds} folds)\n';

/** Heading of the table of chosen rates. */
export const TUNED_RATES = `### Learning rates chosen

How often each rate was chosen, over the {cases} (dataset, outer fold) cases of each model.
`;

/** Heading of the table "what tuning changed". */
export const TUNING_EFFECT = `### What tuning changed

Mean test macro-F1 over the datasets, at part 1's shared rate and at the rate tuned per fold (the designs that are in both parts). The shared-rate numbers of part 1 are unchanged by part 2: it is a separate run.
`;

/** The head-to-head table's heading and explanation. */
export const HEAD_TO_HEAD = `## Part 2: AnyLoss against CCE and weighted CCE

Each AnyLoss design against each baseline, per model and over both: mean test macro-F1 (over the datasets, then the models), wins/ties/losses over the datasets (model × dataset cases for both models; a difference of the mean over folds within ±{tolerance} is a tie), and the two-sided paired sign-flip permutation p-value over the (model, dataset, fold) test macro-F1 pairs — {pairsPerModel} per model, {pairsBoth} for both (exact for up to 20 pairs, otherwise {draws} seeded random sign patterns).
`;

/** The decision's heading and rule. */
export const DECISION = `## Decision on core's default L

Rule, fixed before the run (\`decideDefault\` in bench/src/multiclass-study.ts): among the softmax amplifications L ∈ {candidates}, each at its tuned learning rate, core's \`DEFAULT_SOFTMAX_AMPLIFICATION\` (L = {incumbent} when the study ran) stays unless another L has a higher mean test macro-F1 over both models and all {datasetCount} sets by more than {tolerance} **and** the paired permutation test against L = {incumbent} over the {pairs} (model, dataset, fold) pairs gives p < {alpha}.
`;

/** Why the incumbent stays or goes. */
export const DECISION_REASONS: Readonly<
  Record<'incumbent-best' | 'within-tolerance' | 'not-significant' | 'changed' | 'no-incumbent', string>
> = {
  'incumbent-best': '**Keep L = {incumbent}**: it has the highest mean macro-F1 of the candidates.',
  'within-tolerance':
    '**Keep L = {incumbent}**: L = {best} has the highest mean ({difference} over L = {incumbent}), within the tie band of {tolerance}.',
  'not-significant':
    '**Keep L = {incumbent}**: L = {best} has the highest mean ({difference} over L = {incumbent}), but the paired test does not support it (p = {p}).',
  changed: '**Change to L = {best}**: it beats L = {incumbent} by {difference} on the mean macro-F1 with p = {p}.',
  'no-incumbent': '**L = {best}**: the highest mean macro-F1 of the candidates (the incumbent L = {incumbent} was not measured).',
};

/** The summary's heading, before the region the docs' multi-class recipe page includes. */
export const SUMMARY_HEADING = '### Summary\n';

/** The summary's lead-in: the table is the part of the report the docs' multi-class recipe page shows. */
export const SUMMARY_LEAD = `Mean test macro-F1 at tuned learning rates (the best of each column in bold; imbalanced sets: {imbalanced}):
`;

/** One summary line: a design against a baseline over both models. */
export const SUMMARY_VERSUS =
  '- {design} against {baseline}: {difference} mean macro-F1 (both models); wins/ties/losses {wins}/{ties}/{losses} over the {cases} model × dataset cases; p = {p} over the {pairs} (model, dataset, fold) pairs.';

/** The last summary line: the decision. */
export const SUMMARY_DECISION = '- Decision on the default ({rule}): {decision}';
