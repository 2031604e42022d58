import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PAPER_AMPLIFICATION } from '@anyloss/core';
import { runCli } from './cli.js';
import {
  datasetPermutationPValue,
  IMBALANCED_BELOW,
  recipeCorpus,
  runRecipeStudy,
  splitCorpus,
  PRE_STUDY_DEFAULTS,
  RECIPE_TUNED_LABEL,
  sameDatasetsSection,
  STUDY_TARGETS,
  type RecipeStudyRecord,
  type StudyTarget,
} from './recipe-study.js';

function sink(): { write: (text: string) => void; text: () => string; isTTY: false } {
  let buffer = '';
  return { write: (text) => void (buffer += text), text: () => buffer, isTTY: false };
}

const corpus = recipeCorpus();

describe('the corpus split', () => {
  const split = splitCorpus(corpus.map((d) => ({ name: d.name, positiveShare: d.positiveShare })));

  it('is every imbalanced binary set of both collections', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(40);
    expect(corpus.every((d) => d.positiveShare < IMBALANCED_BELOW)).toBe(true);
    expect(corpus.map((d) => d.name)).toContain('modeldata-lending_club');
    expect(corpus.map((d) => d.name)).not.toContain('weka-diabetes');
  });

  it('halves the binary corpus, disjointly, the same way every time', () => {
    expect(split.tuning).toHaveLength(Math.floor(corpus.length / 2));
    expect(split.report).toHaveLength(Math.ceil(corpus.length / 2));
    expect(new Set([...split.tuning, ...split.report]).size).toBe(corpus.length);
    expect(splitCorpus(corpus.map((d) => ({ name: d.name, positiveShare: d.positiveShare })))).toEqual(split);
    expect(splitCorpus([...corpus].reverse().map((d) => ({ name: d.name, positiveShare: d.positiveShare }))).tuning).toEqual(split.tuning);
    expect(split.rule).toContain('seededRandom(20240813)');
  });

  it('is stratified by positive share: each neighbouring pair in share order is split between the halves', () => {
    const sorted = [...corpus].sort((a, b) => a.positiveShare - b.positiveShare || (a.name < b.name ? -1 : 1));
    for (let i = 0; i + 1 < sorted.length; i += 2) {
      const inTuning = [sorted[i], sorted[i + 1]].map((d) => split.tuning.includes(d?.name ?? ''));
      expect(inTuning.filter(Boolean)).toHaveLength(1);
    }
    const shares = (names: readonly string[]) => names.map((name) => corpus.find((d) => d.name === name)?.positiveShare ?? Number.NaN);
    for (const half of [split.tuning, split.report]) {
      expect(Math.min(...shares(half))).toBeLessThan(0.07);
      expect(Math.max(...shares(half))).toBeGreaterThanOrEqual(0.35);
    }
  });

  it('depends on its seed', () => {
    expect(
      splitCorpus(
        corpus.map((d) => ({ name: d.name, positiveShare: d.positiveShare })),
        1,
      ).tuning,
    ).not.toEqual(split.tuning);
  });
});

describe('the permutation test over datasets', () => {
  it('is exact for ≤ 20 datasets and a seeded Monte Carlo estimate above', () => {
    // 5 datasets, all differences positive: only the all-plus and all-minus patterns are as extreme → 2/32.
    expect(datasetPermutationPValue([1, 1, 1, 1, 1], [0, 0, 0, 0, 0])).toBe(2 / 32);
    const a = Array.from({ length: 30 }, (_, i) => 0.5 + 0.01 * Math.sin(i));
    const b = a.map((v, i) => v - (i % 3 === 0 ? 0.02 : -0.001));
    const p = datasetPermutationPValue(a, b);
    expect(p).toBe(datasetPermutationPValue(a, b));
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(0.05);
    expect(datasetPermutationPValue(a, a)).toBe(1);
  });
});

describe('study targets', () => {
  it('compare each engine with its defaults from before the study, pinned (the paper’s L for core)', () => {
    expect(STUDY_TARGETS.map((t) => t.id)).toEqual(['core-logistic', 'core-mlp', 'tfjs-mlp', 'brain-mlp']);
    expect(STUDY_TARGETS.map((t) => t.currentDefault.amplification)).toEqual([
      PAPER_AMPLIFICATION,
      PAPER_AMPLIFICATION,
      PRE_STUDY_DEFAULTS.tfjsAmplification,
      PRE_STUDY_DEFAULTS.brain.amplification,
    ]);
    expect(PRE_STUDY_DEFAULTS.coreAmplification).toBe(73); // the L of the AnyLoss paper (Han, Moniz & Chawla, KDD 2024)
  });
});

describe('recipe-study (smoke run: tiny grids, few epochs, two datasets per half)', () => {
  const split = splitCorpus(corpus.map((d) => ({ name: d.name, positiveShare: d.positiveShare })));
  const smallest = (names: readonly string[]) =>
    [...names]
      .sort((a, b) => (corpus.find((d) => d.name === a)?.labels.length ?? 0) - (corpus.find((d) => d.name === b)?.labels.length ?? 0))
      .slice(0, 2);
  const datasets = [...smallest(split.tuning), ...smallest(split.report)];
  const core = STUDY_TARGETS[0] as StudyTarget;
  const brain = STUDY_TARGETS[3] as StudyTarget;
  const targets: StudyTarget[] = [
    {
      ...core,
      amplifications: ['none', 10],
      learningRates: [0.3, 1],
      bceWeights: [0.5],
      baselineLearningRate: { tune: [0.3, 1] },
      currentDefault: { ...core.currentDefault, amplification: 10, learningRate: { searched: true } },
      tunedReference: true,
    },
    // maxRows 150 keeps the smallest set of each half (109 and 112 rows) and leaves out the next (189 and 151 rows).
    { ...brain, amplifications: [10, 30], learningRates: [0.3], maxRows: 150 },
  ];
  const withoutTimings = (text: string): unknown =>
    JSON.parse(text, (key, value: unknown) =>
      ['seconds', 'secondsPerEpoch', 'tuningSeconds', 'searchSeconds', 'reportSeconds'].includes(key) ? undefined : value,
    );

  it('searches, compares, writes the report, resumes from its checkpoint and rebuilds from results.json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anyloss-recipe-'));
    const run = (reuseResults: boolean, stderr = sink(), stdout = sink()) =>
      runRecipeStudy({
        dir,
        targets,
        datasets,
        searchFolds: 2,
        reportFolds: 2,
        epochs: 4,
        seed: 3,
        workers: 1,
        reuseResults,
        command: 'pnpm bench -- recipe-study (smoke)',
        stdout,
        stderr,
      });
    const stdout = sink();
    const index = await run(false, sink(), stdout);
    expect(stdout.text()).toMatch(/Recipe study: 2 tuning \+ 2 report datasets, 2 target\(s\), \d+ s wall time \(1 worker thread\)/);
    for (const file of [
      'index.md',
      'results.json',
      'checkpoint.jsonl',
      'mean-f1.svg',
      'core-logistic-scatter.svg',
      'brain-mlp-scatter.svg',
    ])
      expect(existsSync(join(dir, file)), file).toBe(true);
    const markdown = readFileSync(index, 'utf8');
    expect(markdown).toContain('## Chosen recipes');
    expect(markdown).toContain('### Search, stage 1: criterion by L and learning rate');
    expect(markdown).toContain('| method | datasets | wins | ties | losses |');
    expect(markdown).toMatch(/Beats BCE on ≥ 95% of sets/);
    expect(markdown).toMatch(/Beats brain's own net.train/);
    expect(markdown).toContain('wall time');
    const first = readFileSync(join(dir, 'results.json'), 'utf8');
    const record = JSON.parse(first) as RecipeStudyRecord;
    const coreEntry = record.targets[0];
    // Stage 1 = 2 L × 2 rates; stage 2 = normalise × 2 rates, prior bias, one hybrid, and the schedule unless L is none.
    expect(coreEntry?.search.lines.filter((l) => l.stage === 1)).toHaveLength(4);
    const scheduled = coreEntry?.search.chosen.recipe.amplification !== 'none';
    expect(coreEntry?.search.decisions.map((d) => d.lever)).toEqual([
      'normalize',
      'priorBias',
      'hybrid',
      ...(scheduled ? ['schedule'] : []),
    ]);
    expect(coreEntry?.search.lines.filter((l) => l.stage === 2)).toHaveLength(2 + 1 + 1 + (scheduled ? 1 : 0));
    expect(coreEntry?.report.baselines.map((r) => r.loss)).toEqual([
      'bce',
      'wbce',
      'bce-thr',
      'focal',
      'soft-f1',
      'bce',
      'wbce',
      'bce-thr',
      'focal',
      'soft-f1',
    ]);
    // Tuned baselines: the recipe also runs with its rate tuned per fold, as a reference row (not judged); brain's are fixed.
    for (const r of coreEntry?.report.recipeTuned ?? []) expect(r.learningRates).toHaveLength(2);
    expect(coreEntry?.report.recipeTuned).toHaveLength(2);
    expect(record.targets[1]?.report.recipeTuned).toBeUndefined();
    expect(markdown).toContain(`| ${RECIPE_TUNED_LABEL} |`);
    for (const r of coreEntry?.report.baselines ?? []) expect(r.learningRates).toHaveLength(2);
    expect([...record.reportDatasets].sort()).toEqual([...smallest(split.report)].sort());
    // The shipped default runs at the rate stage 1 found best for its L.
    const atTen = coreEntry?.search.lines.filter((l) => l.stage === 1 && l.candidate.recipe.amplification === 10) ?? [];
    const bestAtTen = atTen.reduce((a, b) => (b.criterion > a.criterion ? b : a));
    expect(new Set(coreEntry?.report.currentDefault.map((r) => r.learningRate))).toEqual(new Set([bestAtTen.candidate.learningRate]));
    // maxRows: the brain target ran on its own, smaller halves, and the report says so.
    expect(record.targets[1]?.tuningDatasets).toEqual([smallest(split.tuning)[0]]);
    expect(record.targets[1]?.reportDatasets).toEqual([smallest(split.report)[0]]);
    expect(record.targets[1]?.report.baselines.map((r) => r.dataset)).toEqual([smallest(split.report)[0]]);
    expect(markdown).toContain(
      '**A subset, for cost**: datasets with more than 150 rows are left out of both halves for this target — tuning 1 of 2, report 1 of 2 datasets.',
    );
    // The evidence region the docs include: one column per target, a row per method.
    const evidence = markdown.slice(markdown.indexOf('<!-- #region evidence -->'), markdown.indexOf('<!-- #endregion evidence -->'));
    expect(evidence).toContain('| method | core-logistic (2 sets) | brain-mlp (1 set) |');
    for (const row of ['**AnyLoss-F1, the recipe**', 'BCE', "brain's net.train (squared error)", 'AnyLoss-F1 as shipped before the study'])
      expect(evidence).toContain(`| ${row} |`);

    // A second run finds every unit in the checkpoint: no fit runs, same numbers.
    const stderr = sink();
    await run(false, stderr);
    expect(stderr.text()).toMatch(/resuming, \d+ finished unit/);
    expect(stderr.text()).not.toMatch(/\[#/); // no progress bar: nothing left to run
    expect(withoutTimings(readFileSync(join(dir, 'results.json'), 'utf8'))).toEqual(withoutTimings(first));

    // --reuse-results rebuilds the same report from results.json.
    const before = readFileSync(index, 'utf8');
    await run(true);
    expect(readFileSync(index, 'utf8')).toBe(before);
  });

  it('lets a target reuse the learning rates another target tuned for the same baseline, dataset and fold', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anyloss-recipe-'));
    const small: StudyTarget = {
      ...core,
      amplifications: [10],
      learningRates: [1],
      levers: [],
      baselines: ['bce', 'focal'],
      baselineLearningRate: { tune: [0.1, 3] },
      currentDefault: { ...core.currentDefault, learningRate: { fixed: 0.3 } },
    };
    const borrower: StudyTarget = { ...small, id: 'borrower', baselineLearningRate: { from: 'core-logistic', fixed: 0.3 } };
    await runRecipeStudy({
      dir,
      targets: [small, borrower],
      datasets,
      searchFolds: 2,
      reportFolds: 3,
      epochs: 6,
      seed: 5,
      workers: 1,
      reuseResults: false,
      command: 'test',
      stdout: sink(),
    });
    const record = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RecipeStudyRecord;
    const [donor, taker] = record.targets;
    expect(taker?.report.baselines.map((r) => r.learningRates)).toEqual(donor?.report.baselines.map((r) => r.learningRates));
    expect(taker?.report.learningRateNote).toBe('the rates core-logistic chose for the same baseline, dataset and fold');
    expect(readFileSync(join(dir, 'index.md'), 'utf8')).toContain('borrower — baselines: the rates core-logistic chose');
    // Alone, it falls back to the fixed rate and says so.
    const alone = mkdtempSync(join(tmpdir(), 'anyloss-recipe-'));
    await runRecipeStudy({
      dir: alone,
      targets: [borrower],
      datasets,
      searchFolds: 2,
      reportFolds: 3,
      epochs: 6,
      seed: 5,
      workers: 1,
      reuseResults: false,
      command: 'test',
      stdout: sink(),
    });
    const lone = JSON.parse(readFileSync(join(alone, 'results.json'), 'utf8')) as RecipeStudyRecord;
    expect(lone.targets[0]?.report.baselines.every((r) => r.learningRate === 0.3 && r.learningRates === undefined)).toBe(true);
    expect(lone.targets[0]?.report.learningRateNote).toMatch(
      /^fixed at 0.3 \(core-logistic, whose tuned rates it would reuse, was not part of this run\)$/,
    );
  });

  it('runs from the command line, restricted by --engine, --model, --datasets, --folds and --epochs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anyloss-recipe-'));
    const stdout = sink();
    const code = await runCli(
      [
        'recipe-study',
        '--engine',
        'brain',
        '--datasets',
        datasets.join(','),
        '--folds',
        '2',
        '--epochs',
        '2',
        '--workers',
        '2',
        '--report',
        dir,
        '--quiet',
      ],
      { stdout, stderr: sink(), cwd: dir },
    );
    expect(code).toBe(0);
    expect(stdout.text()).toContain('brain-mlp:');
    const record = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RecipeStudyRecord;
    expect(record.targets.map((t) => t.target.id)).toEqual(['brain-mlp']);
    expect(record.workers).toBe(2);
    for (const argv of [
      ['recipe-study', '--losses', 'bce'],
      ['recipe-study', '--engine', 'brain', '--model', 'logistic'],
      ['recipe-study', '--datasets', 'no-such-set'],
    ]) {
      const stderr = sink();
      expect(await runCli([...argv, '--report', dir, '--quiet'], { stdout: sink(), stderr, cwd: dir })).toBe(2);
      expect(stderr.text()).toMatch(/^anyloss-bench: /);
    }
  });
});

describe('sameDatasetsSection', () => {
  it("bolds each column's best L, also in a column whose target did not search every L (n/a)", () => {
    // A synthetic record: the tfjs-like target searched on a subset; core searched L none, 5, 10; brain 5, 10 only.
    const line = (amplification: number | 'none', perDataset: Record<string, number>) => ({
      stage: 1 as const,
      candidate: { recipe: { amplification }, learningRate: 0.1 },
      criterion: 0,
      perDataset,
    });
    const target = (id: string, amplifications: (number | 'none')[]) =>
      ({ ...(STUDY_TARGETS[1] as StudyTarget), id, amplifications }) as StudyTarget;
    const entry = (id: string, amplifications: (number | 'none')[], lines: ReturnType<typeof line>[], subset?: string[]) =>
      ({
        target: target(id, amplifications),
        search: { lines },
        ...(subset !== undefined ? { tuningDatasets: subset } : {}),
      }) as unknown as RecipeStudyRecord['targets'][number];
    const subset = entry('small', ['none', 5, 10], [line('none', { a: 0.5 }), line(5, { a: 0.7 }), line(10, { a: 0.6 })], ['a']);
    const core = entry('core', ['none', 5, 10], [line('none', { a: 0.9, b: 0 }), line(5, { a: 0.4, b: 1 }), line(10, { a: 0.8, b: 1 })]);
    const brain = entry('brain', [5, 10], [line(5, { a: 0.3 }), line(10, { a: 0.65 })]);
    const record = { targets: [subset, core, brain] } as unknown as RecipeStudyRecord;
    const rows = sameDatasetsSection(record, subset).filter((text) => /^\| (none|5|10) \|/.test(text));
    // Source: the per-dataset scores above, on dataset "a" only (the subset's tuning datasets).
    expect(rows).toEqual([
      '| none | 0.5000 | **0.9000** | n/a |',
      '| 5 | **0.7000** | 0.4000 | 0.3000 |',
      '| 10 | 0.6000 | 0.8000 | **0.6500** |',
    ]);
  });
});
