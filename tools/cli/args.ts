// Command-line parsing for the operator CLI: strict (unknown flags are errors), no dependencies.
export class UsageError extends Error {
  readonly code = 'usage';
}

export interface FlagSpec {
  /** Takes a value (`--data-dir DIR` or `--data-dir=DIR`); otherwise a boolean switch. */
  value: boolean;
  repeatable?: boolean;
}

export interface ParsedArgs {
  command: string | undefined;
  flags: Map<string, string[]>;
  positionals: string[];
}

export function parseArgs(
  argv: string[],
  specsByCommand: Record<string, Record<string, FlagSpec>>,
): ParsedArgs {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    return { command: 'help', flags: new Map(), positionals: [] };
  }
  const specs = specsByCommand[command];
  if (!specs)
    throw new UsageError(
      `Unknown command '${command}'. Commands: ${Object.keys(specsByCommand).join(', ')}.`,
    );
  const flags = new Map<string, string[]>();
  const positionals: string[] = [];
  for (let index = 0; index < rest.length; index += 1) {
    const argument = rest[index]!;
    if (argument === '--') {
      positionals.push(...rest.slice(index + 1));
      break;
    }
    if (!argument.startsWith('--')) {
      positionals.push(argument);
      continue;
    }
    const [name, inlineValue] = splitOnce(argument.slice(2), '=');
    const spec = specs[name];
    if (!spec)
      throw new UsageError(
        `Unknown option '--${name}' for '${command}'. Options: ${
          Object.keys(specs)
            .map((flag) => `--${flag}`)
            .join(', ') || 'none'
        }.`,
      );
    let value = 'true';
    if (spec.value) {
      if (inlineValue !== undefined) value = inlineValue;
      else {
        const next = rest[index + 1];
        if (next === undefined || next.startsWith('--'))
          throw new UsageError(`Option '--${name}' needs a value.`);
        value = next;
        index += 1;
      }
    }
    const values = flags.get(name) ?? [];
    if (values.length > 0 && !spec.repeatable) throw new UsageError(`Option '--${name}' is given twice.`);
    flags.set(name, [...values, value]);
  }
  return { command, flags, positionals };
}

export function flag(args: ParsedArgs, name: string): string | undefined {
  return args.flags.get(name)?.[0];
}

export function requiredFlag(args: ParsedArgs, name: string): string {
  const value = flag(args, name);
  if (value === undefined || value === '') throw new UsageError(`Option '--${name}' is required.`);
  return value;
}

/** A whole number within [min, max]: bounds keep values meaningful (a timeout above 2^31-1 ms overflows
 *  setTimeout and fires at once) and refuse typos before anything is opened. */
export function integerFlag(
  args: ParsedArgs,
  name: string,
  fallback: number,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const value = flag(args, name);
  if (value === undefined) return fallback;
  const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(number >= min && number <= max))
    throw new UsageError(
      max === Number.MAX_SAFE_INTEGER
        ? `Option '--${name}' must be a whole number of at least ${min}.`
        : `Option '--${name}' must be a whole number from ${min} to ${max}.`,
    );
  return number;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const index = text.indexOf(separator);
  return index < 0 ? [text, undefined] : [text.slice(0, index), text.slice(index + 1)];
}
