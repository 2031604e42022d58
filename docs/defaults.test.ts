/**
 * Stated defaults never contradict the code (docs/scripts/defaults.mjs explains the mechanism):
 * - every `<!--default:KEY-->VALUE<!--/default-->` marker in the READMEs, docs/, the snippets and the packages'
 *   TSDoc holds the value the code has now — otherwise `pnpm docs:defaults` rewrites it;
 * - every `<!--pinned-default:KEY=VALUE-->` passage was written for the value the code has now — otherwise it must
 *   be rewritten by hand;
 * - no default-looking statement ("default … L = 5", "amplification 30", "iterations 200") is left outside them.
 * The registry itself is checked against the behaviour it describes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { anyLoss, DEFAULT_AMPLIFICATION, metrics } from '@anyloss/core';
import { DEFAULT_SOFTMAX_AMPLIFICATION, multiclassAnyLoss } from '@anyloss/core/multiclass';
import { TRAIN_DEFAULTS } from '@anyloss/brain';
import { createLoss, DEFAULT_TFJS_AMPLIFICATION } from '@anyloss/tfjs';
import { describe, expect, it } from 'vitest';
import { checkMarkers, DEFAULTS, proseFiles, renderDefaults, ROOT, scanDefaults } from './scripts/defaults.mjs';

const files = proseFiles();
const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

describe('the defaults registry', () => {
  it('reads each default from the code it describes', () => {
    expect(DEFAULTS['core.amplification']?.value).toBe(DEFAULT_AMPLIFICATION);
    expect(DEFAULTS['core.amplification']?.value).toBe(anyLoss(metrics.f1).amplification);
    expect(DEFAULTS['core.softmaxAmplification']?.value).toBe(DEFAULT_SOFTMAX_AMPLIFICATION);
    expect(DEFAULTS['core.softmaxAmplification']?.value).toBe(multiclassAnyLoss(metrics.f1, { average: 'macro' }).amplification);
    expect(DEFAULTS['tfjs.amplification']?.value).toBe(DEFAULT_TFJS_AMPLIFICATION);
    expect(DEFAULTS['tfjs.multiclassAmplification']?.value).toBe(DEFAULT_SOFTMAX_AMPLIFICATION);
    expect(DEFAULTS['brain.amplification']?.value).toBe(TRAIN_DEFAULTS.amplification);
    expect(DEFAULTS['brain.iterations']?.value).toBe(TRAIN_DEFAULTS.iterations);
    expect(DEFAULTS['brain.learningRate']?.value).toBe(TRAIN_DEFAULTS.learningRate);
    expect(DEFAULTS['tfjs.amplification']?.value).toBe(createLoss(metrics.mcc, { from: 'logits' }).amplification);
  });

  it('covers the READMEs, the docs pages, the snippets and the packages’ TSDoc', () => {
    for (const file of [
      'README.md',
      'packages/core/README.md',
      'packages/tfjs/README.md',
      'packages/brain/README.md',
      'bench/README.md',
      'docs/guide/brain.md',
      'docs/snippets/tfjs-quickstart.ts',
      'packages/brain/src/options.ts',
    ]) {
      expect(files).toContain(file);
    }
    expect(
      files.some((file) => file.startsWith('docs/api/') || file.startsWith('docs/reproduction/') || file.includes('node_modules')),
    ).toBe(false);
  });
});

describe('stated defaults', () => {
  it('are current in every marker (run `pnpm docs:defaults` to rewrite them from the code)', () => {
    const stale = files.flatMap((file) =>
      checkMarkers(read(file))
        .filter((problem) => problem.kind !== 'pin')
        .map((problem) => `${file}:${problem.line}: ${problem.message}`),
    );
    expect(stale, 'stale or unknown default markers — run `pnpm docs:defaults`').toEqual([]);
  });

  it('match every pinned passage (a passage written for one value must be rewritten by hand when it changes)', () => {
    const pins = files.flatMap((file) =>
      checkMarkers(read(file))
        .filter((problem) => problem.kind === 'pin')
        .map((problem) => `${file}:${problem.line}: ${problem.message}`),
    );
    expect(pins).toEqual([]);
  });

  it('are stated only inside markers or pinned passages', () => {
    const findings = files.flatMap((file) =>
      scanDefaults(file, read(file)).map((finding) => `${file}:${finding.line}: ${finding.reason}\n    ${finding.text}`),
    );
    expect(findings).toEqual([]);
  });

  it('are used: the mechanism covers the defaults the prose states', () => {
    const used = new Set(
      files.flatMap((file) => [...read(file).matchAll(/<!--(?:default:|pinned-default:)([\w.]+)/g)].map((match) => match[1])),
    );
    for (const key of [
      'core.amplification',
      'core.softmaxAmplification',
      'tfjs.amplification',
      'brain.amplification',
      'brain.iterations',
      'brain.learningRate',
      'bench.logisticLearningRate',
      'bench.mlpLearningRate',
      'bench.logisticEpochs',
      'demo.learningRate',
    ]) {
      expect(used, key).toContain(key);
    }
  });
});

describe("the benchmark's --help", () => {
  // The command's own help text (bench/src/args.ts) states its defaults too; it is code, not prose, so it is
  // checked here against the same constants rather than rewritten.
  it('states the default seed, epochs, learning rates and amplification the code has', async () => {
    const { HELP } = await import('../bench/src/args');
    const option = (flag: string): string => {
      const start = HELP.indexOf(`  ${flag} `);
      expect(start, flag).toBeGreaterThan(0);
      const rest = HELP.slice(start + 2);
      const next = rest.search(/\n {2}--|\n\S/);
      return next < 0 ? rest : rest.slice(0, next);
    };
    const mentions = (text: string, value: string): boolean => new RegExp(`(?<![\\d.])${value.replace('.', '\\.')}(?![\\d.])`).test(text);
    const expectations: Record<string, string[]> = {
      '--seed': ['bench.seed'],
      '--epochs': ['bench.logisticEpochs', 'bench.mlpEpochs'],
      '--learning-rate': [
        'bench.logisticLearningRate',
        'bench.mlpLearningRate',
        'bench.multiclassLogisticLearningRate',
        'bench.multiclassMlpLearningRate',
      ],
      '--amplification': ['core.amplification', 'core.softmaxAmplification'],
    };
    const missing = Object.entries(expectations).flatMap(([flag, keys]) =>
      keys
        .filter((key) => !mentions(option(flag), DEFAULTS[key]?.text ?? '?'))
        .map((key) => `${flag} does not state ${key} = ${DEFAULTS[key]?.text}: ${option(flag).trim()}`),
    );
    expect(missing).toEqual([]);
  });
});

describe('the marker mechanism', () => {
  const value = (key: string): string => DEFAULTS[key]?.text ?? 'missing';

  it('rewrites stale markers, and reports them and changed pins until then', () => {
    const text = 'L is <!--default:tfjs.amplification-->999<!--/default--> here.\n<!--pinned-default:brain.iterations=1-->Measured at 1.';
    expect(renderDefaults(text)).toBe(
      `L is <!--default:tfjs.amplification-->${value('tfjs.amplification')}<!--/default--> here.\n<!--pinned-default:brain.iterations=1-->Measured at 1.`,
    );
    expect(checkMarkers(text).map((problem) => [problem.line, problem.key, problem.kind])).toEqual([
      [1, 'tfjs.amplification', 'stale'],
      [2, 'brain.iterations', 'pin'],
    ]);
    expect(checkMarkers(renderDefaults('<!--default:no.such-->1<!--/default-->'))[0]?.kind).toBe('unknown');
  });

  it('flags default-looking statements outside markers, and not measurements, explicit values or other numbers', () => {
    const flagged = (file: string, text: string): number => scanDefaults(file, text).length;
    // Statements of a default, stale or current.
    expect(flagged('docs/guide/tfjs.md', 'Options: `amplification` (default **20**, chosen by measurement).')).toBe(1);
    expect(flagged('docs/x.md', 'The defaults: core uses L = 73; the tfjs adapter uses $L = 20$.')).toBe(1);
    expect(flagged('docs/guide/brain.md', '| option | default |\n| --- | --- |\n| `iterations` | 300 |\n')).toBe(1);
    expect(flagged('docs/x.md', `\`@anyloss/brain\` trains with amplification ${value('brain.amplification')}.`)).toBe(1);
    expect(flagged('packages/brain/README.md', `It runs for ${value('brain.iterations')} iterations.`)).toBe(1);
    expect(flagged('README.md', '```js\nconst loss = anyLoss(metrics.f1); // default amplification L = 73\n```\n')).toBe(1);
    expect(flagged('packages/core/src/x.ts', '/** The amplification scale L; default 73. */\nexport const x = 1;\n')).toBe(1);
    // The same statements under a marker or a pin, and things that are not statements of a default.
    expect(flagged('docs/guide/tfjs.md', 'Options: `amplification` (default **<!--default:tfjs.amplification-->5<!--/default-->**).')).toBe(
      0,
    );
    expect(flagged('docs/x.md', '<!--pinned-default:tfjs.amplification=5-->So the default is L = 5: the best mean.')).toBe(0);
    expect(
      flagged(
        'packages/brain/README.md',
        `<!--measurements-->\n| L ${value('brain.amplification')}, lr 0.1 | 0.6 |\n<!--/measurements-->\n`,
      ),
    ).toBe(0);
    expect(flagged('bench/README.md', `Brain needs larger steps (e.g. \`--learning-rate ${value('bench.logisticLearningRate')}\`).`)).toBe(
      0,
    );
    expect(flagged('docs/x.md', 'The paper uses L = 73 for full-batch training; A(p) = σ(L·(p − 0.5)) with L > 0.')).toBe(0);
    expect(flagged('docs/x.md', 'A `threshold` (default 0.5) decides the hard prediction.')).toBe(0);
    // A power written with superscripts is not its base (10⁶ states no amplification of 10).
    expect(flagged('docs/x.md', `\`@anyloss/core\` trains with amplification ${value('core.amplification')}.`)).toBe(1);
    expect(flagged('docs/x.md', `\`@anyloss/core\` accepts amplification up to ${value('core.amplification')}⁶.`)).toBe(0);
  });
});
