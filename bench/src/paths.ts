import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  statfsSync,
  statSync,
  unlinkSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { AnyLossError } from '@anyloss/core';
import { COMMANDS, type CliOptions } from './args.js';

/**
 * Kernel filesystems that hold no regular files to write (procfs, sysfs, ...): `statfs` magic numbers, with a name
 * for the message. Node's recursive `mkdir` loops forever under /proc, so these are refused up front.
 */
const KERNEL_FILESYSTEMS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, 'procfs (/proc)'],
  [0x62656572, 'sysfs (/sys)'],
  [0x1cd1, 'devpts'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
]);

function fail(flag: string, path: string, problem: string): never {
  throw new AnyLossError('INVALID_OPTION', `${flag} ${JSON.stringify(path)} ${problem}`, { argument: flag, value: path });
}

function reasonOf(error: unknown): string {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') {
    const known: Record<string, string> = {
      EACCES: 'permission denied',
      EPERM: 'operation not permitted',
      EROFS: 'read-only filesystem',
      ENOSPC: 'no space left on the device',
      EDQUOT: 'disk quota exceeded',
      ENOTDIR: 'a part of the path is a file',
      EISDIR: 'it is a directory',
      ENOENT: 'no such file or directory',
      ENAMETOOLONG: 'name too long',
      ELOOP: 'too many symbolic links',
    };
    return known[error.code] ?? error.code;
  }
  return error instanceof Error ? error.message : String(error);
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Makes sure `dir` exists as a writable directory on an ordinary filesystem: checks the nearest existing ancestor,
 * creates the missing directories one level at a time, then creates and removes a probe file in it.
 */
function ensureWritableDirectory(dir: string, flag: string, shown: string): void {
  const missing: string[] = [];
  let existing = dir;
  let stats = statOrUndefined(existing);
  while (stats === undefined) {
    const parent = dirname(existing);
    missing.unshift(existing);
    if (parent === existing) break;
    existing = parent;
    stats = statOrUndefined(existing);
  }
  if (stats === undefined) fail(flag, shown, 'cannot be created: no part of its path exists.');
  if (!stats.isDirectory()) fail(flag, shown, `is under ${JSON.stringify(existing)}, which is a file, not a directory.`);
  let filesystem: number | undefined;
  try {
    filesystem = Number(statfsSync(existing).type);
  } catch {
    filesystem = undefined;
  }
  const kernel = filesystem !== undefined ? KERNEL_FILESYSTEMS.get(filesystem) : undefined;
  if (kernel !== undefined) fail(flag, shown, `is on ${kernel}, a kernel filesystem that holds no ordinary files; choose a path on disk.`);
  for (const path of missing) {
    try {
      mkdirSync(path);
    } catch (error) {
      fail(flag, shown, `cannot be created: mkdir ${JSON.stringify(path)} failed (${reasonOf(error)}).`);
    }
  }
  const probe = join(dir, `.anyloss-bench-write-test-${process.pid}-${Date.now()}`);
  try {
    closeSync(openSync(probe, 'wx'));
    unlinkSync(probe);
  } catch (error) {
    fail(flag, shown, `is not writable (${reasonOf(error)}).`);
  }
}

/**
 * Checks, before any training, that a results file can be written at `path` (creating its missing parent
 * directories): not a directory, not under a file, not on /proc or /sys, writable. An existing file is replaced
 * later, so it is opened without truncation to check that it can be written.
 *
 * @param flag - the option that named the path, for the message (e.g. `--json`).
 * @param shown - the path as the user gave it.
 * @throws {@link AnyLossError} `INVALID_OPTION` naming the option, the path and the problem, in one line.
 */
export function prepareOutputFile(path: string, flag: string, shown: string): void {
  if (shown.endsWith('/') || shown.endsWith(sep)) fail(flag, shown, 'must name a file, not a directory.');
  const stats = statOrUndefined(path);
  if (stats?.isDirectory() === true) fail(flag, shown, 'is a directory; give a file name (e.g. results.json).');
  ensureWritableDirectory(dirname(path), flag, shown);
  if (stats !== undefined) {
    if (!stats.isFile()) fail(flag, shown, 'exists and is not a regular file.');
    try {
      closeSync(openSync(path, 'r+'));
    } catch (error) {
      fail(flag, shown, `exists and cannot be written (${reasonOf(error)}).`);
    }
  }
}

/** What decides whether an existing report may be replaced. */
export interface ReportDirectoryOptions {
  /** `--force` was given. */
  readonly force: boolean;
  /**
   * The command may write over the report already there without `--force`: its own default directory, a rebuild
   * from the results in it (`--reuse-results`), or the resumption of an interrupted run.
   */
  readonly mayReplace: boolean;
}

/**
 * Checks, before any training, that a report can be written into `dir` (creating it): not a file, not under a file,
 * not on /proc or /sys, writable; and that it does not hold a report already (`index.md`) unless replacing is
 * allowed.
 *
 * @throws {@link AnyLossError} `INVALID_OPTION` naming the option, the directory and the problem, in one line.
 */
export function prepareReportDirectory(dir: string, flag: string, shown: string, options: ReportDirectoryOptions): void {
  const stats = statOrUndefined(dir);
  if (stats !== undefined && !stats.isDirectory()) fail(flag, shown, 'is a file; the report is a directory (index.md and SVG charts).');
  ensureWritableDirectory(dir, flag, shown);
  const index = statOrUndefined(join(dir, 'index.md'));
  if (index?.isDirectory() === true) fail(flag, shown, 'holds a directory named index.md, where the report goes.');
  if (index !== undefined && !options.force && !options.mayReplace) {
    fail(flag, shown, 'already holds a report (index.md); pass --force to overwrite it, or choose another directory.');
  }
}

/**
 * Checks that the input CSV is a readable regular file.
 *
 * @throws {@link AnyLossError} `INVALID_OPTION` naming `--data`, the path and the problem.
 */
export function checkInputFile(path: string, flag: string, shown: string): void {
  const stats = statOrUndefined(path);
  if (stats === undefined) fail(flag, shown, `does not exist (resolved to ${path}).`);
  if (stats.isDirectory()) fail(flag, shown, 'is a directory, not a CSV file.');
  if (!stats.isFile()) fail(flag, shown, 'is not a regular file (the CSV is read twice: once to count its lines, once to parse it).');
  try {
    closeSync(openSync(path, 'r'));
  } catch (error) {
    fail(flag, shown, `cannot be read (${reasonOf(error)}).`);
  }
}

/**
 * Writes `files` (name → content) into `dir`. Should that fail after a long run (the disk filled up, the directory
 * went away), the files are written to a new temporary directory instead and the error says where, so no result is
 * lost. Returns the path of the first file written.
 *
 * @param what - what is being written, for the message (e.g. `the report`).
 * @throws {@link AnyLossError} `INVALID_OPTION` naming what could not be written and where it was saved.
 */
export function writeFilesOrRescue(dir: string, files: ReadonlyMap<string, string>, what: string): string {
  const paths = [...files.keys()].map((name) => join(dir, name));
  try {
    if (!existsSync(dir)) ensureWritableDirectory(dir, what, dir);
    for (const [name, content] of files) writeFileSync(join(dir, name), content);
    return paths[0] ?? dir;
  } catch (error) {
    const reason = error instanceof AnyLossError ? error.message : reasonOf(error);
    let rescue: string;
    try {
      rescue = mkdtempSync(join(tmpdir(), 'anyloss-bench-rescue-'));
      for (const [name, content] of files) writeFileSync(join(rescue, name), content);
    } catch (second) {
      throw new AnyLossError(
        'INVALID_OPTION',
        `could not write ${what} to ${dir} (${reason}), nor to a temporary directory (${reasonOf(second)}).`,
        { argument: what, value: dir },
      );
    }
    throw new AnyLossError('INVALID_OPTION', `could not write ${what} to ${dir} (${reason}); saved it to ${rescue} instead.`, {
      argument: what,
      value: dir,
    });
  }
}

/** The paths a command writes, resolved. */
export interface Outputs {
  /** `--json`. */
  readonly json?: string;
  /** The report directory: `--report`, or the command's default (`COMMANDS[command].report`, under the repository root). */
  readonly report?: string;
}

/**
 * Resolves and checks every path a command writes, before any training: the `--json` file and the report
 * directory. An existing report (`index.md`) is replaced only with `--force`, in the command's own default
 * directory, with `--reuse-results` (which rebuilds it from the results there) or `--reuse-part-one` (which runs
 * on from them), or when the directory holds the
 * command's resume file (recipe-study's `checkpoint.jsonl`: an interrupted run resumes without `--force`).
 *
 * @param cwd - the directory relative paths are resolved against.
 * @param root - the repository root (default report directories).
 * @throws {@link AnyLossError} `INVALID_OPTION` naming the option, the path and the problem.
 */
export function prepareOutputs(options: CliOptions, cwd: string, root: string): Outputs {
  const spec = COMMANDS[options.command];
  let json: string | undefined;
  if (options.json !== undefined) {
    json = resolve(cwd, options.json);
    prepareOutputFile(json, '--json', options.json);
  }
  const report =
    options.report !== undefined ? resolve(cwd, options.report) : spec.report !== undefined ? join(root, ...spec.report) : undefined;
  if (report !== undefined) {
    const resuming = spec.resumesFrom !== undefined && existsSync(join(report, spec.resumesFrom));
    const mayReplace = options.report === undefined || options.reuseResults || options.reusePartOne || resuming;
    const rel = relative(cwd, report);
    const shown = options.report ?? (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : report);
    prepareReportDirectory(report, '--report', shown, { force: options.force, mayReplace });
  }
  return { ...(json !== undefined ? { json } : {}), ...(report !== undefined ? { report } : {}) };
}
