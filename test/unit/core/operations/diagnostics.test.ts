import { describe, expect, it } from 'vitest';
import {
  buildDiagnostics,
  hostOf,
  scrubDiagnostics,
  type DiagnosticsInput,
} from '../../../../electron/main/core/operations/diagnostics';
import { withRecentLines } from '../../../../electron/main/core/operations/recentLogLines';
import { createSilentLogger } from '../../../../electron/main/core/platform/logger';

const input = (overrides: Partial<DiagnosticsInput> = {}): DiagnosticsInput => ({
  generatedAt: new Date('2026-11-30T10:00:00Z'),
  app: { version: '0.1.0', platform: 'linux', arch: 'x64', node: '20.19.0' },
  settings: {
    boosterBaseUrl: 'https://dev-api-booster.example.com/api?tenant=x',
    authMode: 'apiKey',
    signedIn: true,
    concurrency: 4,
  },
  status: {
    counts: { pending: 3, sending: 0, sent: 5, needsAttention: 1, possibleDuplicate: 1 },
    connectivity: 'online',
    activity: 'idle',
    lastError: { code: 'serverError', message: 'Booster answered 503.' },
  },
  lastErrors: [
    {
      captureId: 'a',
      state: 'needsAttention',
      at: '2026-11-30T09:00:00.000Z',
      code: 'rejected',
      message: 'Booster refused some fields.',
    },
  ],
  logLines: [
    '{"time":"2026-11-30T09:00:00.000Z","level":"info","message":"booster services started","entries":9}',
  ],
  secrets: ['sk-live-0123456789abcdef'],
  ...overrides,
});

describe('diagnostics', () => {
  it('holds versions, the Booster host only, counts, last errors and log lines', () => {
    const text = buildDiagnostics(input());
    expect(text).toContain('Version: 0.1.0');
    expect(text).toContain('Platform: linux x64');
    expect(text).toContain('Booster host: dev-api-booster.example.com');
    expect(text).not.toContain('tenant');
    expect(text).toContain('pending: 3');
    expect(text).toContain('needsAttention: 1');
    expect(text).toContain('Last sync error: serverError: Booster answered 503.');
    expect(text).toContain('a needsAttention rejected: Booster refused some fields.');
    expect(text).toContain('"message":"booster services started"');
  });

  it('scrubs the secrets, emails and phone numbers, and keeps dates, capture ids and Booster ids', () => {
    const text = buildDiagnostics(
      input({
        logLines: [
          'key sk-live-0123456789abcdef for giulia.bianchi@example.com, +39 347 123 4567, 06 12 34 56 78, 212-555-0100',
          '{"time":"2026-11-30T09:00:00.000Z","captureId":"2f1d3c4b-5a69-4d7e-8f90-a1b2c3d4e5f6","boosterCustomerId":1234567890}',
        ],
      }),
    );
    for (const secret of [
      'sk-live-0123456789abcdef',
      'giulia.bianchi@example.com',
      '347 123 4567',
      '06 12 34 56 78',
      '555-0100',
    ])
      expect(text).not.toContain(secret);
    expect(text).toContain('[secret]');
    expect(text).toContain('[email]');
    expect(text).toContain('2026-11-30T09:00:00.000Z');
    expect(text).toContain('2f1d3c4b-5a69-4d7e-8f90-a1b2c3d4e5f6');
    expect(text).toContain('1234567890');
  });

  it('bounds what it shows and survives a missing or broken URL', () => {
    const many = Array.from({ length: 500 }, (_, index) => `line ${index}`);
    const text = buildDiagnostics(input({ logLines: many, settings: {} }));
    expect(text).toContain('line 499');
    expect(text).not.toContain('line 399\n');
    expect(text).toContain('Booster host: not configured');
    expect(hostOf('not a url')).toBe('not a URL');
    expect(scrubDiagnostics('abc', ['', undefined, 'ab'])).toBe('abc');
  });
});

describe('recent log lines', () => {
  it('keeps the last lines as the logger writes them (allow-listed), not debug', () => {
    const recent = withRecentLines(createSilentLogger(), {
      capacity: 2,
      now: () => new Date('2026-11-30T10:00:00Z'),
    });
    recent.logger.info('one', { count: 1 });
    recent.logger.debug('not kept');
    recent.logger.warn('two', { record: { lastName: 'Bianchi' } } as never);
    recent.logger.error('three', { error: new Error('failed for giulia@example.com') });
    const lines = recent.lines();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('"record":"[not logged]"');
    expect(lines.join('\n')).not.toContain('Bianchi');
    expect(lines[1]).toContain('<email>');
  });
});
