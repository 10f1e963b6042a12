// The Booster base URL rule (shared by the settings form, the CLI and environment.json) and the stored file.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { baseUrlProblem, baseUrlSchema, configureRequestSchema } from '../../../shared/ipc/auth';
import {
  createFileEnvironmentStore,
  readEnvironmentFile,
} from '../../../electron/main/core/booster/environmentStore';
import { makeTempDir } from '../../support/core/tempDir';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await fs.rm(dir, { recursive: true, force: true });
});
async function tempDir(): Promise<string> {
  const dir = await makeTempDir();
  dirs.push(dir);
  return dir;
}

describe('Booster base URL', () => {
  it.each([
    'https://dev-api-booster.richemont.com',
    'https://booster.example/api/',
    'https://booster.example:8443',
    'http://127.0.0.1:8787',
    'http://127.4.5.6',
    'http://localhost:3000',
    'http://LOCALHOST',
    'http://[::1]:8787',
  ])('accepts %s', (url) => {
    expect(baseUrlProblem(url)).toBeUndefined();
    expect(baseUrlSchema.safeParse(url).success).toBe(true);
  });

  it.each([
    ['ftp://booster.example', /https:\/\//],
    ['file:///etc/passwd', /https:\/\//],
    ['javascript:alert(1)', /https:\/\//],
    ['garbage', /enter the Booster address/],
    ['', /enter the Booster address/],
    ['http://booster.example', /only for this computer/],
    ['http://127.0.0.1.evil.example', /only for this computer/],
    ['http://localhost.evil.example', /only for this computer/],
    ['http://10.0.0.1', /only for this computer/],
    ['https://user:secret@booster.example', /user name or password/],
    ['https://user@booster.example', /user name or password/],
    ['https://booster.example/?token=1', /'\?' or '#'/],
    ['https://booster.example/#x', /'\?' or '#'/],
    ['https://booster.example/?', /'\?' or '#'/],
  ])('refuses %s with a message naming the field', (url, message) => {
    const problem = baseUrlProblem(url);
    expect(problem).toMatch(/^Booster address: /);
    expect(problem).toMatch(message);
    const parsed = configureRequestSchema.safeParse({ mode: 'apiKey', baseUrl: url, apiKey: 'k' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['baseUrl']);
  });
});

describe('environment.json', () => {
  it('is written 0600 and read back', async () => {
    const dir = await tempDir();
    const store = createFileEnvironmentStore(dir);
    await store.save({ baseUrl: 'https://booster.example', mode: 'apiKey' });
    expect(await store.load()).toEqual({ baseUrl: 'https://booster.example', mode: 'apiKey' });
    if (process.platform !== 'win32') {
      const { mode } = await fs.stat(path.join(dir, 'environment.json'));
      expect(mode & 0o777).toBe(0o600);
    }
  });

  it('is reported naming the field, and not used, when a stored setting is not valid', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'environment.json');
    await fs.writeFile(file, JSON.stringify({ baseUrl: 'https://me:pw@booster.example', mode: 'apiKey' }));
    const read = await readEnvironmentFile(dir);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.problem).toMatch(/baseUrl: Booster address: must not contain a user name/);
    const problems: string[] = [];
    const store = createFileEnvironmentStore(dir, { onInvalid: (problem) => problems.push(problem) });
    expect(await store.load()).toBeUndefined();
    expect(problems).toHaveLength(1);

    await fs.writeFile(file, '{"baseUrl":');
    expect(await readEnvironmentFile(dir)).toMatchObject({ ok: false, problem: /not valid JSON/ });
    await fs.writeFile(file, JSON.stringify({ baseUrl: 'https://booster.example', mode: 'magic' }));
    expect(await readEnvironmentFile(dir)).toMatchObject({ ok: false, problem: /mode: / });
  });

  it('is simply absent in a new folder', async () => {
    expect(await readEnvironmentFile(await tempDir())).toEqual({ ok: true, config: undefined });
  });
});
