import { BRAIN_DEFAULTS } from './brain-defaults.js';
import { BRAIN_MULTICLASS } from './brain-multiclass.js';
import type { SweepCommand, SweepIo } from './sweep.js';
import { TFJS_AMPLIFICATION } from './tfjs-amplification.js';
import { TFJS_AMPLIFICATION_SUMMARY } from './tfjs-amplification-summary.js';
import { TFJS_EVIDENCE } from './tfjs-evidence.js';

/** The sweeps: the measurements behind the adapters' defaults, as `anyloss-bench` subcommands. */
export const SWEEPS: readonly SweepCommand[] = [
  TFJS_AMPLIFICATION,
  TFJS_AMPLIFICATION_SUMMARY,
  TFJS_EVIDENCE,
  BRAIN_DEFAULTS,
  BRAIN_MULTICLASS,
];

/** The sweeps' part of `anyloss-bench --help`. */
export const SWEEPS_HELP = [
  '',
  "Sweeps (the measurements behind the adapters' defaults; each has its own --help):",
  ...SWEEPS.map((sweep) => `  anyloss-bench ${sweep.name.padEnd(28)}${sweep.summary}`),
  '',
].join('\n');

/**
 * If `argv` names a sweep (after any leading `--`), returns the function that runs it with the rest of the command
 * line; otherwise undefined.
 */
export function sweepCommand(argv: readonly string[]): ((io: SweepIo) => Promise<number>) | undefined {
  let start = 0;
  while (argv[start] === '--') start++;
  const sweep = SWEEPS.find((candidate) => candidate.name === argv[start]);
  return sweep === undefined ? undefined : (io) => sweep.run(argv.slice(start + 1), io);
}

export type { SweepCommand, SweepIo } from './sweep.js';
