import { describe, expect, it } from 'vitest';
import { integerFlag, parseArgs, UsageError } from '../../../tools/cli/args';

const specs = {
  sync: { 'data-dir': { value: true }, verbose: { value: false }, state: { value: true, repeatable: true } },
};

describe('CLI argument parsing', () => {
  it('reads values in both forms, switches and positionals', () => {
    const args = parseArgs(
      ['sync', '--data-dir=/d', '--verbose', 'file.json', '--state', 'a', '--state', 'b'],
      specs,
    );
    expect(args.command).toBe('sync');
    expect(args.flags.get('data-dir')).toEqual(['/d']);
    expect(args.flags.get('verbose')).toEqual(['true']);
    expect(args.flags.get('state')).toEqual(['a', 'b']);
    expect(args.positionals).toEqual(['file.json']);
  });

  it('refuses unknown commands and flags, missing values and repeats', () => {
    expect(() => parseArgs(['nope'], specs)).toThrow(UsageError);
    expect(() => parseArgs(['sync', '--colour'], specs)).toThrow(/Unknown option '--colour'/);
    expect(() => parseArgs(['sync', '--data-dir'], specs)).toThrow(/needs a value/);
    expect(() => parseArgs(['sync', '--data-dir', 'a', '--data-dir', 'b'], specs)).toThrow(/twice/);
  });

  it('help with no command', () => {
    expect(parseArgs([], specs).command).toBe('help');
  });

  it('integer flags stay within their bounds (a timeout past 2^31-1 ms would overflow setTimeout)', () => {
    const timeout = (value: string) =>
      integerFlag(parseArgs(['sync', '--data-dir', value], specs), 'data-dir', 15_000, 1_000, 600_000);
    expect(timeout('1000')).toBe(1_000);
    expect(timeout('600000')).toBe(600_000);
    for (const value of ['3000000000', '999', '-1', '1e4', '', ' 5000'])
      expect(() => timeout(value), value).toThrow(/must be a whole number from 1000 to 600000/);
  });

  it('integer flags must be whole numbers', () => {
    expect(integerFlag(parseArgs(['sync', '--data-dir', '12'], specs), 'data-dir', 0)).toBe(12);
    expect(() => integerFlag(parseArgs(['sync', '--data-dir', '1.5'], specs), 'data-dir', 0)).toThrow(
      UsageError,
    );
  });
});
