// Issue 11 (simulator part): a DNS-rebinding page (evil.example resolving to 127.0.0.1) must not read the
// clients the simulator holds, nor change it. Every route answers only for its own host names; any other Host
// gets 421 Misdirected Request before anything is read, changed or logged. node:http, because fetch forbids
// setting Host.
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { allowedHostsFor, isAllowedHost } from '../../../tools/booster-sim/host-check';
import { postCustomer, useBoosterSimulator, type BoosterSimulator } from '../../support/booster-sim';
import { jsonHeaders, validWireCustomer } from './wire-fixtures';

interface Answer {
  status: number;
  contentType: string | undefined;
  body: string;
}

function send(
  simulator: BoosterSimulator,
  host: string,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      `${simulator.url}${options.path ?? '/_sim/customers'}`,
      { method: options.method ?? 'GET', headers: { ...options.headers, host } },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, contentType: response.headers['content-type'], body }),
        );
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

describe('allowedHostsFor', () => {
  it('answers for the bound address and the loopback names on our port, and configured names', () => {
    expect([...allowedHostsFor('127.0.0.1', 8787)].sort()).toEqual([
      '127.0.0.1:8787',
      '[::1]:8787',
      'localhost:8787',
    ]);
    const configured = allowedHostsFor('::', 8787, [
      'Booster.Test',
      'proxy.test:8443',
      '::1',
      '[fe80::1]:80',
    ]);
    expect([...configured].sort()).toEqual([
      '127.0.0.1:8787',
      '[::1]:8787',
      '[::]:8787',
      '[fe80::1]:80',
      'booster.test:8787',
      'localhost:8787',
      'proxy.test:8443',
    ]);
  });

  it('compares Host without case, and refuses a missing one', () => {
    const allowed = allowedHostsFor('127.0.0.1', 8787, ['booster.test']);
    for (const host of ['127.0.0.1:8787', 'LocalHost:8787', '[::1]:8787', 'BOOSTER.test:8787'])
      expect(isAllowedHost(host, allowed), host).toBe(true);
    for (const host of [
      undefined,
      '',
      'evil.example',
      'evil.example:8787',
      '127.0.0.1',
      '127.0.0.1:8788',
      'localhost',
      'localhost.evil.example:8787',
      '127.0.0.1:8787.evil.example',
      'booster.test',
      'booster.test:80',
      '0.0.0.0:8787',
    ])
      expect(isAllowedHost(host, allowed), String(host)).toBe(false);
  });
});

describe('the simulator over HTTP', () => {
  const sim = useBoosterSimulator({ allowedHosts: ['booster.test', 'proxy.test:8443'] });

  it('refuses Host: evil.example on every route with 421, and reads, changes and logs nothing', async () => {
    expect((await postCustomer(sim(), validWireCustomer())).status).toBe(200);
    const configBefore = sim().config();
    const loggedBefore = sim().requests().length;
    const auth = { Authorization: `Bearer ${sim().apiKey}` };
    const attempts = [
      { path: '/_sim/customers' },
      { path: '/_sim/requests' },
      { path: '/_sim/config' },
      { method: 'PUT', path: '/_sim/config', body: '{"honourIdempotencyKey":true}', headers: jsonHeaders() },
      { method: 'POST', path: '/_sim/reset' },
      { method: 'POST', path: '/_sim/expire-tokens', body: '{}', headers: jsonHeaders() },
      {
        method: 'POST',
        path: '/customer',
        body: JSON.stringify(validWireCustomer()),
        headers: jsonHeaders(auth),
      },
      { method: 'POST', path: '/auth/credentials', body: '{}', headers: jsonHeaders() },
      { path: '/auth', headers: auth },
      { path: '/metadata' },
      { path: '/no-such-route' },
    ];
    for (const host of ['evil.example', `evil.example:${sim().port}`, `127.0.0.1:${sim().port + 1}`]) {
      for (const attempt of attempts) {
        const what = `${host} ${attempt.method ?? 'GET'} ${attempt.path}`;
        const answer = await send(sim(), host, attempt);
        expect(answer.status, what).toBe(421);
        expect(answer.contentType, what).toBe('text/plain; charset=utf-8');
        expect(answer.body, what).toBe('Misdirected Request: this server does not answer for that host.\n');
      }
    }
    expect(sim().customers()).toHaveLength(1);
    expect(sim().config()).toEqual(configBefore);
    expect(sim().requests()).toHaveLength(loggedBefore);
  });

  it('answers its own names and the configured ones', async () => {
    const { port } = sim();
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `LOCALHOST:${port}`,
      `[::1]:${port}`,
      `booster.test:${port}`,
      'proxy.test:8443',
    ]) {
      const answer = await send(sim(), host);
      expect([answer.status, answer.body], host).toEqual([200, '[]']);
    }
    for (const host of ['proxy.test', `proxy.test:${port}`, 'booster.test']) {
      expect((await send(sim(), host)).status, host).toBe(421);
    }
  });

  it('refuses an HTTP/1.0 request that names no host', async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(sim().port, '127.0.0.1', () =>
        socket.write('GET /_sim/customers HTTP/1.0\r\n\r\n'),
      );
      let received = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (received += chunk));
      socket.on('close', () => resolve(received));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.[01] 421 /);
  });
});
