import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catchAnyLossError } from '@anyloss/test-utils';
import { describe, expect, it } from 'vitest';
import { checkInputFile, prepareOutputFile, prepareReportDirectory, writeFilesOrRescue } from './paths.js';

const scratch = (): string => mkdtempSync(join(tmpdir(), 'anyloss-paths-'));

describe('output paths', () => {
  it('creates the missing directories of a results file and leaves no probe behind', () => {
    const dir = scratch();
    const path = join(dir, 'a', 'b', 'results.json');
    prepareOutputFile(path, '--json', 'a/b/results.json');
    expect(existsSync(join(dir, 'a', 'b'))).toBe(true);
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual([]);
  });

  it('keeps an existing results file intact while checking it can be written', () => {
    const dir = scratch();
    const path = join(dir, 'old.json');
    writeFileSync(path, '{"results":[]}\n');
    prepareOutputFile(path, '--json', 'old.json');
    expect(readFileSync(path, 'utf8')).toBe('{"results":[]}\n');
  });

  it('refuses a report directory holding index.md unless forced or replaceable', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'index.md'), '# old\n');
    expect(catchAnyLossError(() => prepareReportDirectory(dir, '--report', 'old', { force: false, mayReplace: false })).message).toBe(
      '--report "old" already holds a report (index.md); pass --force to overwrite it, or choose another directory.',
    );
    prepareReportDirectory(dir, '--report', 'old', { force: true, mayReplace: false });
    prepareReportDirectory(dir, '--report', 'old', { force: false, mayReplace: true });
    mkdirSync(join(dir, 'nested', 'index.md'), { recursive: true });
    expect(
      catchAnyLossError(() => prepareReportDirectory(join(dir, 'nested'), '--report', 'nested', { force: true, mayReplace: true })).message,
    ).toMatch(/holds a directory named index\.md/);
  });

  it.skipIf(process.getuid?.() === 0)('says when a directory is not writable', () => {
    const dir = scratch();
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    expect(catchAnyLossError(() => prepareOutputFile(join(locked, 'r.json'), '--json', 'locked/r.json')).message).toBe(
      '--json "locked/r.json" is not writable (permission denied).',
    );
  });

  it('checks the input file', () => {
    const dir = scratch();
    expect(catchAnyLossError(() => checkInputFile(join(dir, 'none.csv'), '--data', 'none.csv')).message).toMatch(
      /^--data "none.csv" does not exist/,
    );
    expect(catchAnyLossError(() => checkInputFile(dir, '--data', 'dir')).message).toBe('--data "dir" is a directory, not a CSV file.');
    expect(catchAnyLossError(() => checkInputFile('/dev/null', '--data', '/dev/null')).message).toMatch(/is not a regular file/);
  });
});

describe('writeFilesOrRescue', () => {
  it('writes the files where asked', () => {
    const dir = join(scratch(), 'report');
    writeFilesOrRescue(dir, new Map([['index.md', '# r\n']]), 'the report');
    expect(readFileSync(join(dir, 'index.md'), 'utf8')).toBe('# r\n');
  });

  it('saves the files to a temporary directory when the destination fails, and says where', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'file'), 'x');
    const error = catchAnyLossError(() =>
      writeFilesOrRescue(join(dir, 'file', 'report'), new Map([['index.md', '# results\n']]), 'the report'),
    );
    const match = /^could not write the report to .*file\/report \(.*\); saved it to (.+) instead\.$/.exec(error.message);
    expect(match, error.message).not.toBeNull();
    expect(readFileSync(join(match?.[1] ?? '', 'index.md'), 'utf8')).toBe('# results\n');
  });
});
