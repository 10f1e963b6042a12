// The IT policy file, parsed with hostile inputs: every refusal names the field in words.
import { describe, expect, it } from 'vitest';
import { fieldPathInWords, parseItPolicy, policyUrlProblem } from '../../../shared/policy/itPolicy';
import {
  policyFromBytes,
  policyLocations,
  loadItPolicy,
  MAX_POLICY_BYTES,
} from '../../../electron/main/core/policy/policyLoader';

const environment = {
  id: 'prod-eu',
  name: 'Booster Europe',
  baseUrl: 'https://booster.example.com',
  authMode: 'credentials',
};
const valid = { version: 1, environments: [environment] };

function problems(json: unknown): string[] {
  const parsed = parseItPolicy(json);
  if (parsed.ok) throw new Error('expected a refusal');
  return parsed.problems;
}

describe('parseItPolicy', () => {
  it('accepts a minimal policy and fills the defaults', () => {
    const parsed = parseItPolicy(valid);
    expect(parsed).toEqual({
      ok: true,
      policy: {
        ...valid,
        idleLockMinutes: 5,
        allowedUiLanguages: ['en', 'fr', 'de', 'it', 'ja', 'ko', 'zh'],
      },
    });
  });

  it('accepts every optional setting', () => {
    const full = {
      version: 1,
      environments: [
        { ...environment, idempotencyKey: true },
        { id: 'sim', name: 'Simulator', baseUrl: 'http://127.0.0.1:8787', authMode: 'apiKey' },
      ],
      idleLockMinutes: 120,
      allowedUiLanguages: ['ja', 'en'],
      retentionDays: 30,
      updateFeedUrl: 'https://updates.example.com/booster',
    };
    expect(parseItPolicy(full)).toEqual({ ok: true, policy: full });
  });

  it('names the field of each environment problem', () => {
    expect(
      problems({
        version: 1,
        environments: [
          environment,
          { id: 'x y', name: ' ', baseUrl: 'http://booster.example.com', authMode: 'password' },
        ],
      }),
    ).toEqual([
      'environments[1].id: must be 1–40 letters, digits, "-" or "_"',
      'environments[1].name: must not be empty',
      'environments[1].baseUrl: must start with https:// (plain http:// only for this computer: localhost, 127.0.0.1, [::1])',
      'environments[1].authMode: must be "apiKey" or "credentials"',
    ]);
  });

  it('refuses unknown and misspelt keys, at any depth', () => {
    expect(problems({ ...valid, idleLockMinute: 3 })).toEqual([
      'idleLockMinute: is not a policy setting (check its spelling; unknown settings are refused)',
    ]);
    expect(problems({ version: 1, environments: [{ ...environment, apiKey: 'secret' }] })).toEqual([
      'environments[0].apiKey: is not a policy setting (check its spelling; unknown settings are refused)',
    ]);
  });

  it('says which required fields are missing', () => {
    expect(problems({})).toEqual(['version: is required', 'environments: is required']);
    expect(problems({ version: 1, environments: [{}] })).toEqual([
      'environments[0].id: is required',
      'environments[0].name: is required',
      'environments[0].baseUrl: is required',
      'environments[0].authMode: is required',
    ]);
  });

  it.each([
    [null, 'the policy: must be a JSON object'],
    [[], 'the policy: must be a JSON object'],
    ['policy', 'the policy: must be a JSON object'],
    [42, 'the policy: must be a JSON object'],
  ])('refuses a policy that is not an object: %j', (json, start) => {
    expect(problems(json)[0]).toContain(start);
  });

  it.each([
    [{ version: 2 }, 'version: must be 1'],
    [{ version: '1' }, 'version: must be 1'],
    [{ environments: [] }, 'environments: must list at least one environment'],
    [{ environments: {} }, 'environments: must be a list of environments'],
    [{ idleLockMinutes: 0 }, 'idleLockMinutes: must be between 1 and 120 minutes'],
    [{ idleLockMinutes: 121 }, 'idleLockMinutes: must be between 1 and 120 minutes'],
    [{ idleLockMinutes: 1.5 }, 'idleLockMinutes: must be a whole number of minutes'],
    [{ idleLockMinutes: '5' }, 'idleLockMinutes: must be a number of minutes'],
    [{ idleLockMinutes: Number.NaN }, 'idleLockMinutes: must be a number of minutes'],
    [
      { allowedUiLanguages: ['en', 'es'] },
      'allowedUiLanguages[1]: must be one of en, fr, de, it, ja, ko, zh',
    ],
    [{ allowedUiLanguages: [] }, 'allowedUiLanguages: must list at least one language'],
    [{ allowedUiLanguages: ['EN'] }, 'allowedUiLanguages[0]: must be one of'],
    [{ retentionDays: -1 }, 'retentionDays: must be between 1 and 365 days'],
    [{ updateFeedUrl: 'http://localhost/feed' }, 'updateFeedUrl: must start with https://'],
    [
      { updateFeedUrl: 'https://user:pw@updates.example.com' },
      'updateFeedUrl: must not contain a user name or password',
    ],
    [{ updateFeedUrl: 'javascript:alert(1)' }, 'updateFeedUrl: must start with https://'],
  ])('refuses %j with "%s"', (change, expected) => {
    expect(problems({ ...valid, ...change }).join('\n')).toContain(expected);
  });

  it('refuses hostile base URLs, each with its field', () => {
    for (const baseUrl of [
      'http://booster.example.com',
      'ftp://booster.example.com',
      'file:///etc/passwd',
      'https://user:pass@booster.example.com',
      'https://booster.example.com/?key=1',
      'https://booster.example.com/#x',
      'http://localhost.evil.com',
      'http://127.0.0.1.evil.com',
      'booster.example.com',
      '',
      42,
    ]) {
      const found = problems({ version: 1, environments: [{ ...environment, baseUrl }] });
      expect(found, String(baseUrl)).toHaveLength(1);
      expect(found[0], String(baseUrl)).toMatch(/^environments\[0\]\.baseUrl: /);
    }
  });

  it('refuses the same environment id twice and a language listed twice', () => {
    expect(problems({ version: 1, environments: [environment, { ...environment }] })).toEqual([
      'environments[1].id: "prod-eu" is already the id of environments[0]',
    ]);
    expect(problems({ ...valid, allowedUiLanguages: ['en', 'en'] })).toEqual([
      'allowedUiLanguages: must not list a language twice',
    ]);
  });

  it('cannot be fooled by a prototype key', () => {
    const json = JSON.parse('{"version":1,"environments":[],"__proto__":{"idleLockMinutes":1}}') as unknown;
    expect(problems(json).join('\n')).toContain('__proto__: is not a policy setting');
  });
});

describe('field paths and URLs', () => {
  it('writes paths in words', () => {
    expect(fieldPathInWords(['environments', 1, 'baseUrl'])).toBe('environments[1].baseUrl');
    expect(fieldPathInWords([])).toBe('the policy');
  });

  it('allows plain http only to this computer, and only where asked', () => {
    expect(policyUrlProblem('http://[::1]:8787', { loopbackHttp: true })).toBeUndefined();
    expect(policyUrlProblem('http://localhost:8787', { loopbackHttp: false })).toBe(
      'must start with https://',
    );
  });
});

describe('policy file bytes and locations', () => {
  it('refuses invalid UTF-8 and JSON with the reason, never as "no policy"', () => {
    expect(policyFromBytes('/p.json', Uint8Array.from([0x7b, 0xff, 0x7d]))).toEqual({
      state: 'broken',
      source: '/p.json',
      problems: ['the file is not valid UTF-8 (first bad byte at offset 1); save it as UTF-8'],
    });
    const notJson = policyFromBytes('/p.json', Buffer.from('{ version: 1 }'));
    expect(notJson.state).toBe('broken');
    expect(notJson.state === 'broken' && notJson.problems[0]).toMatch(/^the file is not valid JSON/);
  });

  it('accepts a byte-order mark (Notepad writes one)', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(valid))]);
    expect(policyFromBytes('/p.json', bytes).state).toBe('loaded');
  });

  it('looks in the per-machine folder of each OS, then beside the installer', () => {
    expect(
      policyLocations({
        platform: 'win32',
        env: { ProgramData: 'D:\\PD' },
        resourcesDir: 'C:\\App\\resources',
      }),
    ).toEqual([
      { file: 'D:\\PD\\BoosterCapture\\policy.json', mustExist: false },
      { file: expect.stringContaining('policy.json') as unknown as string, mustExist: false },
    ]);
    expect(policyLocations({ platform: 'win32', env: {} })[0]!.file).toBe(
      'C:\\ProgramData\\BoosterCapture\\policy.json',
    );
    expect(policyLocations({ platform: 'darwin', env: {} })).toEqual([
      { file: '/Library/Application Support/BoosterCapture/policy.json', mustExist: false },
    ]);
    expect(policyLocations({ platform: 'linux', env: {}, resourcesDir: '/opt/app/resources' })).toEqual([
      { file: '/etc/booster-capture/policy.json', mustExist: false },
      { file: '/opt/app/resources/policy.json', mustExist: false },
    ]);
  });

  it('takes only the override when it is set, and a missing override is broken', async () => {
    const locations = policyLocations({ platform: 'linux', env: { BOOSTER_POLICY_FILE: '/tmp/none.json' } });
    expect(locations).toEqual([{ file: '/tmp/none.json', mustExist: true }]);
    const view = await loadItPolicy(locations, async () => ({ kind: 'absent' }));
    expect(view).toEqual({
      state: 'broken',
      source: '/tmp/none.json',
      problems: ['BOOSTER_POLICY_FILE names a file that does not exist'],
    });
  });

  it('uses the first file found, reports an oversized or unreadable one, and is "none" when there is none', async () => {
    const locations = [
      { file: '/a.json', mustExist: false },
      { file: '/b.json', mustExist: false },
    ];
    const files: Record<
      string,
      () => Promise<{ kind: 'absent' } | { kind: 'bytes'; bytes: Uint8Array } | { kind: 'tooLarge' }>
    > = {
      '/a.json': async () => ({ kind: 'absent' }),
      '/b.json': async () => ({ kind: 'bytes', bytes: Buffer.from(JSON.stringify(valid)) }),
    };
    const loaded = await loadItPolicy(locations, (file) => files[file]!());
    expect(loaded).toMatchObject({ state: 'loaded', source: '/b.json' });
    expect(await loadItPolicy(locations, async () => ({ kind: 'absent' }))).toEqual({ state: 'none' });
    expect(await loadItPolicy(locations, async () => ({ kind: 'tooLarge' }))).toEqual({
      state: 'broken',
      source: '/a.json',
      problems: [`the file is larger than ${MAX_POLICY_BYTES / 1024} KiB`],
    });
    const denied = await loadItPolicy(locations, () =>
      Promise.reject(Object.assign(new Error('denied'), { code: 'EACCES' })),
    );
    expect(denied).toEqual({
      state: 'broken',
      source: '/a.json',
      problems: ['the file cannot be read (EACCES)'],
    });
  });
});
