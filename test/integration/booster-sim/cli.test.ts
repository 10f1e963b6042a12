import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { jsonHeaders, validWireCustomer } from './wire-fixtures';

const root = resolve(import.meta.dirname, '../../..');

/** Node itself runs the simulator (tsx as a loader, not its CLI, which would run it in a second process
 *  that outlives a kill of the first): the child here is the simulator, and a signal reaches it. */
function startCli(args: string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', 'tools/booster-sim/main.ts', ...args], { cwd: root });
}

async function firstStdoutLine(child: ChildProcessWithoutNullStreams): Promise<string> {
  let buffered = '';
  for await (const chunk of child.stdout) {
    buffered += String(chunk);
    const newline = buffered.indexOf('\n');
    if (newline >= 0) return buffered.slice(0, newline);
  }
  throw new Error(`The simulator exited before printing its URL: ${buffered}`);
}

async function exitOf(
  child: ChildProcessWithoutNullStreams,
): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stderr };
}

describe('booster-sim CLI', () => {
  let child: ChildProcessWithoutNullStreams | null = null;
  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    }
    child = null;
  });

  it('prints its URL once listening, serves Booster with the given key and faults, and exits cleanly on SIGTERM', async () => {
    child = startCli([
      '--port',
      '0',
      '--api-key',
      'cli-key',
      '--fault-503',
      '1',
      '--retry-after',
      '9',
      '--reject',
      'lastName=^nope',
    ]);
    const exited = exitOf(child);
    const url = await firstStdoutLine(child);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const response = await fetch(`${url}/customer`, {
      method: 'POST',
      headers: jsonHeaders({ Authorization: 'Bearer cli-key' }),
      body: JSON.stringify(validWireCustomer()),
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('9');
    const config = (await (await fetch(`${url}/_sim/config`)).json()) as { rejectRules: unknown[] };
    expect(config.rejectRules).toEqual([{ field: 'lastName', matches: '^nope' }]);

    child.kill('SIGTERM');
    expect((await exited).code).toBe(0);
  });

  it('answers a plain-text 403 Forbidden with --fault-403 1, and creates nothing', async () => {
    child = startCli(['--port', '0', '--api-key', 'cli-key', '--fault-403', '1']);
    const url = await firstStdoutLine(child);
    const response = await fetch(`${url}/customer`, {
      method: 'POST',
      headers: jsonHeaders({ Authorization: 'Bearer cli-key' }),
      body: JSON.stringify(validWireCustomer()),
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain\b/);
    expect(await response.text()).toBe('Forbidden');
    const config = (await (await fetch(`${url}/_sim/config`)).json()) as {
      faults: { forbidden: { probability: number } };
    };
    expect(config.faults.forbidden.probability).toBe(1);
    expect(await (await fetch(`${url}/_sim/customers`)).json()).toEqual([]);
  });

  it('sets the proxy and portal faults from flags', async () => {
    child = startCli([
      '--port',
      '0',
      '--api-key',
      'cli-key',
      '--fault-redirect',
      '1',
      '--redirect-status',
      '301',
      '--redirect-location',
      'http://portal.example/x',
      '--fault-not-booster',
      '0.25',
      '--fault-slow-body',
      '0.5',
      '--slow-body-interval',
      '40',
      '--fault-bad-customer-id',
      '1',
      '--bad-customer-id=-5',
    ]);
    const url = await firstStdoutLine(child);
    const post = () =>
      fetch(`${url}/customer`, {
        method: 'POST',
        headers: jsonHeaders({ Authorization: 'Bearer cli-key' }),
        body: JSON.stringify(validWireCustomer()),
        redirect: 'manual',
      });
    const redirected = await post();
    expect(redirected.status).toBe(301);
    expect(redirected.headers.get('location')).toBe('http://portal.example/x');
    const config = (await (await fetch(`${url}/_sim/config`)).json()) as {
      faults: Record<string, Record<string, unknown>>;
    };
    expect(config.faults).toMatchObject({
      notBooster: { probability: 0.25 },
      slowBody: { probability: 0.5, intervalMs: 40 },
      badCustomerId: { probability: 1, value: -5 },
    });
    await fetch(`${url}/_sim/config`, {
      method: 'PUT',
      headers: jsonHeaders(),
      body: JSON.stringify({
        faults: {
          redirect: { probability: 0 },
          notBooster: { probability: 0 },
          slowBody: { probability: 0 },
        },
      }),
    });
    expect(await (await post()).json()).toEqual({ boosterCustomerId: -5 });
  });

  it('lists --fault-403 in --help', async () => {
    child = startCli(['--help']);
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    // 'close' rather than 'exit': it comes once stdout has been read to the end.
    const [code] = (await once(child, 'close')) as [number | null];
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ {2}--fault-403 <p> +\S/m);
    expect(stdout).toMatch(/^ {2}--fault-500 <p> +\S/m);
    for (const flag of [
      '--fault-redirect',
      '--fault-not-booster',
      '--fault-slow-body',
      '--fault-bad-customer-id',
    ])
      expect(stdout).toMatch(new RegExp(`^ {2}${flag} <p> +\\S`, 'm'));
  });

  it('hands out the tokens only as ss-tok / ss-reftok cookies with --token-delivery cookies', async () => {
    child = startCli(['--port', '0', '--token-delivery', 'cookies']);
    const url = await firstStdoutLine(child);
    const response = await fetch(`${url}/api/Authenticate`, {
      method: 'POST',
      headers: jsonHeaders(),
      body: JSON.stringify({ userName: 'staff@maison.example', password: 'sim-password' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).not.toHaveProperty('bearerToken');
    const names = response.headers.getSetCookie().map((cookie) => cookie.split('=', 1)[0]);
    expect(names).toEqual(['ss-tok', 'ss-reftok']);
    const config = (await (await fetch(`${url}/_sim/config`)).json()) as { tokenDelivery: string };
    expect(config.tokenDelivery).toBe('cookies');
  });

  it.each([
    [['--port', 'abc'], /--port expects a number/],
    [['--fault-500', '3'], /faults\.serverError\.probability/],
    [['--fault-403', '2'], /faults\.forbidden\.probability/],
    [['--fault-403', 'often'], /--fault-403 expects a number/],
    [['--no-such-flag'], /Unknown option '--no-such-flag'/],
    [['--reject', 'lastName'], /--reject expects <field>=<regex>/],
    [['--redirect-status', '200'], /faults\.redirect\.status/],
    [['--bad-customer-id', '[1]'], /--bad-customer-id expects a JSON number, string or true\/false/],
    [['--slow-body-interval', '0'], /faults\.slowBody\.intervalMs/],
    [['--token-delivery', 'header'], /--token-delivery expects body or cookies/],
  ])('exits non-zero with a clear message on bad flags %j', async (args, message) => {
    child = startCli(args);
    const { code, stderr } = await exitOf(child);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});
