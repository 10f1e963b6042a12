import { describe, expect, it } from 'vitest';
import { integerFlag, listFlag, parseCommand, switchFlag, UsageError } from '../../../tools/cli/args';

const commands = {
  sync: {
    'data-dir': { type: 'string' },
    verbose: { type: 'boolean' },
    state: { type: 'string', multiple: true },
  },
} as const;

describe('CLI argument parsing', () => {
  it('reads values in both forms, switches and positionals', () => {
    const args = parseCommand(
      ['sync', '--data-dir=/d', '--verbose', 'file.json', '--state', 'a', '--state', 'b'],
      commands,
    );
    expect(args.command).toBe('sync');
    expect(args.values['data-dir']).toBe('/d');
    expect(switchFlag(args, 'verbose')).toBe(true);
    expect(listFlag(args, 'state')).toEqual(['a', 'b']);
    expect(args.positionals).toEqual(['file.json']);
  });

  it('refuses unknown commands and flags, missing values and repeats, naming what is accepted', () => {
    expect(() => parseCommand(['nope'], commands)).toThrow(/Unknown command 'nope'. Commands: sync./);
    expect(() => parseCommand(['sync', '--colour'], commands)).toThrow(
      "Unknown option '--colour' for 'sync'. Options: --data-dir, --verbose, --state.",
    );
    expect(() => parseCommand(['sync', '-x'], commands)).toThrow(/Unknown option '-x' for 'sync'/);
    expect(() => parseCommand(['sync', '--data-dir'], commands)).toThrow(/'--data-dir' needs a value/);
    expect(() => parseCommand(['sync', '--data-dir', '--verbose'], commands)).toThrow(/needs a value/);
    expect(() => parseCommand(['sync', '--verbose=yes'], commands)).toThrow(/'--verbose' takes no value/);
    expect(() => parseCommand(['sync', '--data-dir', 'a', '--data-dir', 'b'], commands)).toThrow(
      "Option '--data-dir' is given twice.",
    );
    expect(() => parseCommand(['sync', '--verbose', '--verbose'], commands)).toThrow(UsageError);
  });

  it('help with no command', () => {
    expect(parseCommand([], commands).command).toBe('help');
    expect(parseCommand(['--help'], commands).command).toBe('help');
  });

  it('integer flags stay within their bounds (a timeout past 2^31-1 ms would overflow setTimeout)', () => {
    const timeout = (value: string) =>
      integerFlag(
        parseCommand(['sync', `--data-dir=${value}`], commands),
        'data-dir',
        15_000,
        1_000,
        600_000,
      );
    expect(timeout('1000')).toBe(1_000);
    expect(timeout('600000')).toBe(600_000);
    for (const value of ['3000000000', '999', '-1', '1e4', '', ' 5000'])
      expect(() => timeout(value), value).toThrow(/must be a whole number from 1000 to 600000/);
  });

  it('integer flags must be whole numbers', () => {
    expect(integerFlag(parseCommand(['sync', '--data-dir', '12'], commands), 'data-dir', 0)).toBe(12);
    expect(() => integerFlag(parseCommand(['sync', '--data-dir', '1.5'], commands), 'data-dir', 0)).toThrow(
      UsageError,
    );
  });
});
