// Command-line parsing as glibc getopt_long(3) does it for the real tools: options anywhere (permuting), `--`
// ends them, short options bundle (`-sK`) and take their argument attached or next (`-kn`, `-n NAME`), long
// options take `=VALUE` or the next word and may be abbreviated to a unique prefix. Pure.

/** One option a command accepts. */
export interface OptionSpec {
  long: string;
  short?: string;
  /** Takes an argument. */
  arg: boolean;
  /** Has no long form (`long` only names it). */
  shortOnly?: boolean;
}

/** What was given: each option's values in order ('' for options without argument), and the operands. */
export interface ParsedArgs {
  values: Map<string, string[]>;
  positionals: string[];
}

export type GetoptResult = { ok: true; args: ParsedArgs } | { ok: false; message: string };

/** Parses `args` (without argv[0]); `program` prefixes getopt's own error messages, as argv[0] does. */
export function getopt(program: string, args: readonly string[], specs: readonly OptionSpec[]): GetoptResult {
  const values = new Map<string, string[]>();
  const positionals: string[] = [];
  const record = (spec: OptionSpec, value: string): void => {
    values.set(spec.long, [...(values.get(spec.long) ?? []), value]);
  };
  for (let i = 0; i < args.length; i += 1) {
    const word = args[i]!;
    if (word === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (word.startsWith('--')) {
      const [name, inline] = splitInline(word.slice(2));
      const spec = findLong(specs, name);
      if (spec === undefined) return fail(`${program}: unrecognized option '--${name}'`);
      if (!spec.arg && inline !== undefined) return fail(`${program}: option '--${spec.long}' doesn't allow an argument`);
      if (spec.arg && inline === undefined && i + 1 >= args.length) {
        return fail(`${program}: option '--${spec.long}' requires an argument`);
      }
      record(spec, spec.arg ? inline ?? args[++i]! : '');
      continue;
    }
    if (word.startsWith('-') && word.length > 1) {
      for (let at = 1; at < word.length; at += 1) {
        const letter = word[at]!;
        const spec = specs.find((candidate) => candidate.short === letter);
        if (spec === undefined) return fail(`${program}: invalid option -- '${letter}'`);
        if (!spec.arg) {
          record(spec, '');
          continue;
        }
        const rest = word.slice(at + 1);
        if (rest === '' && i + 1 >= args.length) return fail(`${program}: option requires an argument -- '${letter}'`);
        record(spec, rest !== '' ? rest : args[++i]!);
        break;
      }
      continue;
    }
    positionals.push(word);
  }
  return { ok: true, args: { values, positionals } };
}

function splitInline(text: string): [string, string | undefined] {
  const equals = text.indexOf('=');
  return equals === -1 ? [text, undefined] : [text.slice(0, equals), text.slice(equals + 1)];
}

function findLong(specs: readonly OptionSpec[], name: string): OptionSpec | undefined {
  const longs = specs.filter((spec) => spec.shortOnly !== true);
  const exact = longs.find((spec) => spec.long === name);
  if (exact !== undefined) return exact;
  const prefixed = longs.filter((spec) => name !== '' && spec.long.startsWith(name));
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

function fail(message: string): GetoptResult {
  return { ok: false, message };
}

/** The last value of an option, if given. */
export function getLastValue(args: ParsedArgs, long: string): string | undefined {
  return args.values.get(long)?.at(-1);
}

/** True when an option was given at least once. */
export function hasOption(args: ParsedArgs, long: string): boolean {
  return args.values.has(long);
}
