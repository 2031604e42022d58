import { AnyLossError } from '@anyloss/core';

/** One option of a sweep: its kind, default and one line of help. The flag is the key in kebab-case. */
export type OptionSpec =
  | { readonly type: 'integer'; readonly min: number; readonly default: number; readonly help: string }
  | { readonly type: 'number'; readonly above: number; readonly below?: number; readonly default: number; readonly help: string }
  | { readonly type: 'numbers'; readonly default: readonly number[]; readonly help: string }
  | { readonly type: 'choice'; readonly choices: readonly string[]; readonly default: string; readonly help: string }
  | { readonly type: 'choices'; readonly choices: readonly string[]; readonly default: readonly string[]; readonly help: string }
  | { readonly type: 'names'; readonly help: string }
  | { readonly type: 'path'; readonly help: string }
  | { readonly type: 'flag'; readonly help: string };

/** A sweep's options, by camelCase name. */
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

type ValueOf<S extends OptionSpec> = S extends { readonly type: 'integer' | 'number' }
  ? number
  : S extends { readonly type: 'numbers' }
    ? readonly number[]
    : S extends { readonly type: 'choice'; readonly choices: readonly (infer C)[] }
      ? C
      : S extends { readonly type: 'choices'; readonly choices: readonly (infer C)[] }
        ? readonly C[]
        : S extends { readonly type: 'names' }
          ? readonly string[] | undefined
          : S extends { readonly type: 'path' }
            ? string | undefined
            : boolean;

/** Parsed options: every option with its default filled in (`names` and `path` stay undefined when absent). */
export type ParsedOptions<S extends OptionSpecs> = { readonly [N in keyof S]: ValueOf<S[N]> };

/** The result of {@link parseSweepArgs}: the options, the positional arguments and whether `--help` was given. */
export interface ParsedSweepArgs<S extends OptionSpecs> {
  readonly options: ParsedOptions<S>;
  readonly positionals: readonly string[];
  readonly help: boolean;
}

/** `learningRates` → `learning-rates`. */
export function flagName(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

function bad(flag: string, message: string, value: unknown): never {
  throw new AnyLossError('INVALID_OPTION', `--${flag} ${message}`, { argument: `--${flag}`, value });
}

function list(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function convert(flag: string, spec: OptionSpec, text: string): unknown {
  switch (spec.type) {
    case 'integer': {
      const value = Number(text);
      if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < spec.min)
        bad(flag, `must be an integer ≥ ${spec.min}, got ${JSON.stringify(text)}.`, text);
      return value;
    }
    case 'number': {
      const value = Number(text);
      const upper = spec.below === undefined ? '' : ` and < ${spec.below}`;
      if (text.trim() === '' || !Number.isFinite(value) || value <= spec.above || (spec.below !== undefined && value >= spec.below)) {
        bad(flag, `must be a number > ${spec.above}${upper}, got ${JSON.stringify(text)}.`, text);
      }
      return value;
    }
    case 'numbers': {
      const items = list(text);
      if (items.length === 0) bad(flag, 'needs at least one number.', text);
      return items.map((item) => {
        const value = Number(item);
        if (!Number.isFinite(value) || value <= 0) bad(flag, `takes numbers > 0, got ${JSON.stringify(item)}.`, text);
        return value;
      });
    }
    case 'choice':
      if (!spec.choices.includes(text)) bad(flag, `must be one of ${spec.choices.join(', ')}, got ${JSON.stringify(text)}.`, text);
      return text;
    case 'choices': {
      const items = list(text);
      if (items.length === 0) bad(flag, `needs at least one of ${spec.choices.join(', ')}.`, text);
      for (const item of items)
        if (!spec.choices.includes(item)) bad(flag, `takes ${spec.choices.join(', ')}, got ${JSON.stringify(item)}.`, text);
      return items;
    }
    case 'names': {
      const items = list(text);
      if (items.length === 0) bad(flag, 'needs at least one name.', text);
      return items;
    }
    case 'path':
      if (text.trim() === '') bad(flag, 'needs a path.', text);
      return text;
    case 'flag':
      return true;
  }
}

/**
 * Parses a sweep's command line (after its name): `--flag value` or `--flag=value` for the options of `specs`
 * (flags in kebab-case), `--help`/`-h`, and positional arguments if `positionals` is true. A leading `--` (as
 * `pnpm bench -- ...` passes it) is ignored.
 *
 * @throws {@link AnyLossError} `UNKNOWN_OPTION` for an unknown flag, `INVALID_OPTION` for a bad, missing or repeated
 *   value or an unexpected positional argument.
 */
export function parseSweepArgs<S extends OptionSpecs>(
  command: string,
  specs: S,
  argv: readonly string[],
  positionals = false,
): ParsedSweepArgs<S> {
  const byFlag = new Map(Object.entries(specs).map(([key, spec]) => [flagName(key), { key, spec }]));
  const values = new Map<string, unknown>();
  const rest: string[] = [];
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') continue;
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (!arg.startsWith('--')) {
      if (!positionals) {
        throw new AnyLossError(
          'INVALID_OPTION',
          `${command} takes no argument ${JSON.stringify(arg)}; options start with -- (see ${command} --help).`,
          { argument: 'argv', index: i, value: arg },
        );
      }
      rest.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const flag = equals < 0 ? arg.slice(2) : arg.slice(2, equals);
    const known = byFlag.get(flag);
    if (known === undefined) {
      throw new AnyLossError(
        'UNKNOWN_OPTION',
        `unknown option --${flag} for ${command}; its options are ${[...byFlag.keys()].map((f) => `--${f}`).join(', ')} (see ${command} --help).`,
        {
          argument: `--${flag}`,
          value: arg,
        },
      );
    }
    if (values.has(known.key)) bad(flag, 'is given twice.', arg);
    if (known.spec.type === 'flag') {
      if (equals >= 0) bad(flag, 'takes no value.', arg);
      values.set(known.key, true);
      continue;
    }
    let text: string | undefined;
    if (equals >= 0) text = arg.slice(equals + 1);
    else {
      text = argv[i + 1];
      if (text === undefined || text.startsWith('--')) bad(flag, 'needs a value.', undefined);
      i++;
    }
    values.set(known.key, convert(flag, known.spec, text));
  }
  const options: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(specs)) {
    options[key] = values.has(key) ? values.get(key) : spec.type === 'flag' ? false : 'default' in spec ? spec.default : undefined;
  }
  return { options: options as ParsedOptions<S>, positionals: rest, help };
}

/** The options part of a sweep's help text: one line per flag with its default. */
export function optionsHelp(specs: OptionSpecs): string {
  const lines = Object.entries(specs).map(([key, spec]) => {
    const value =
      spec.type === 'flag'
        ? ''
        : spec.type === 'choice' || spec.type === 'choices'
          ? ` ${spec.choices.join('|')}`
          : spec.type === 'path'
            ? ' <file>'
            : spec.type === 'names' || spec.type === 'numbers'
              ? ' a,b,...'
              : ' <n>';
    const fallback = 'default' in spec ? ` (default ${Array.isArray(spec.default) ? spec.default.join(',') : String(spec.default)})` : '';
    return { flag: `  --${flagName(key)}${value}`, text: `${spec.help}${fallback}` };
  });
  const width = Math.max(...lines.map((line) => line.flag.length)) + 2;
  return lines.map((line) => `${line.flag.padEnd(width)}${line.text}`).join('\n');
}
