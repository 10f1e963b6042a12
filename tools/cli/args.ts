// Command-line parsing for the operator CLI: node:util's parseArgs, strict, with messages that name the
// command's options, and a flag given twice refused (parseArgs would keep the last one silently).
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {
  readonly code = 'usage';
}

export type CommandOptions = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  command: string;
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

export function parseCommand(argv: string[], optionsByCommand: Record<string, CommandOptions>): ParsedArgs {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    return { command: 'help', values: {}, positionals: [] };
  }
  const options = optionsByCommand[command];
  if (!options)
    throw new UsageError(
      `Unknown command '${command}'. Commands: ${Object.keys(optionsByCommand).join(', ')}.`,
    );
  const parsed = parseStrictly(rest, command, options);
  const given = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option') continue;
    if (given.has(token.name) && !options[token.name]?.multiple)
      throw new UsageError(`Option '--${token.name}' is given twice.`);
    given.add(token.name);
  }
  return { command, values: parsed.values, positionals: parsed.positionals };
}

function parseStrictly(args: string[], command: string, options: CommandOptions) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true, tokens: true });
  } catch (error) {
    throw new UsageError(describeRefusal(error, command, options));
  }
}

/** parseArgs's own messages name neither the command nor what it accepts: say both. */
function describeRefusal(error: unknown, command: string, options: CommandOptions): string {
  const { code, message } = error as { code?: string; message?: string };
  const option = /'(-{1,2}[^' =]+)/.exec(message ?? '')?.[1] ?? '';
  const name = option.replace(/^-+/, '');
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && options[name]?.type === 'boolean')
    return `Option '--${name}' takes no value.`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
    return `Option '--${name}' needs a value (one that starts with '-' is written --${name}=VALUE).`;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
    return `Unknown option '${option}' for '${command}'. Options: ${
      Object.keys(options)
        .map((known) => `--${known}`)
        .join(', ') || 'none'
    }.`;
  return message ?? String(error);
}

export function flag(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

export function switchFlag(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

export function listFlag(args: ParsedArgs, name: string): string[] {
  const value = args.values[name];
  return Array.isArray(value) ? value.filter((item) => typeof item === 'string') : [];
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
