import type { TextSink } from '../progress.js';
import { optionsHelp, parseSweepArgs, type OptionSpecs, type ParsedSweepArgs } from './options.js';

/** Where a sweep writes, and the directories it resolves paths against. */
export interface SweepIo {
  /** Tables and results. */
  readonly stdout: TextSink;
  /** Notes. */
  readonly stderr: TextSink;
  /** Directory relative paths are resolved against. */
  readonly cwd: string;
  /** Repository root (for the committed results). */
  readonly root: string;
}

/** A sweep: a measurement behind an adapter's defaults, as an `anyloss-bench` subcommand. */
export interface Sweep<S extends OptionSpecs> {
  /** The subcommand, e.g. `tfjs-amplification`. */
  readonly name: string;
  /** One line for `anyloss-bench --help`. */
  readonly summary: string;
  /** What it measures and how, for its own `--help`. */
  readonly description: string;
  /** Its options. */
  readonly options: S;
  /** Usage of its positional arguments (e.g. `[file.json ...]`); absent = it takes none. */
  readonly positionals?: string;
  /** Runs it; resolves to the exit code. `argv` is its command line after the name (for the record it writes). */
  run(parsed: ParsedSweepArgs<S>, io: SweepIo, argv: readonly string[]): Promise<number>;
}

/** A registered sweep, its option types erased. */
export interface SweepCommand {
  readonly name: string;
  readonly summary: string;
  /** Its `--help` text. */
  help(): string;
  /** Parses `argv` (after the name) and runs it, or prints its help; resolves to the exit code. */
  run(argv: readonly string[], io: SweepIo): Promise<number>;
}

/** Wraps a sweep with option parsing and `--help`. */
export function defineSweep<const S extends OptionSpecs>(sweep: Sweep<S>): SweepCommand {
  const help = (): string =>
    `anyloss-bench ${sweep.name} [options]${sweep.positionals !== undefined ? ` ${sweep.positionals}` : ''}\n\n${sweep.description}\n\nOptions:\n${optionsHelp(sweep.options)}\n`;
  return {
    name: sweep.name,
    summary: sweep.summary,
    help,
    run: async (argv, io) => {
      const parsed = parseSweepArgs(sweep.name, sweep.options, argv, sweep.positionals !== undefined);
      if (parsed.help) {
        io.stdout.write(help());
        return 0;
      }
      return sweep.run(parsed, io, argv);
    },
  };
}

/** Arithmetic mean. */
export function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** The command line a sweep was run with, for the record it writes. */
export function commandLine(name: string, argv: readonly string[]): string {
  return ['anyloss-bench', name, ...argv.filter((arg) => arg !== '--')].join(' ');
}
