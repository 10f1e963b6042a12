// Issue 7 (items 2, 12 and 15, web host part) over real HTTP: the web host refuses an IPC body over its cap
// (413, without keeping more than the cap), a body that is not well-formed UTF-8 (400 naming the byte offset)
// and a request without a JSON Content-Type (415). Nothing refused reaches the outbox.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIpcDispatcher } from '../../../electron/main/core/ipc-dispatch';
import { createSilentLogger } from '../../../electron/main/core/platform/logger';
import { startWebHost, type WebHost } from '../../../tools/web-host/index';
import { maxIpcBodyBytes } from '../../../tools/web-host/ipc-body';
import { startWebHostServer, type WebHostServer } from '../../../tools/web-host/server';
import { largestValidRecord, minimalPrivateClientExample } from '../../support/arbitraries';
import { createFakeHandlers, recordingLogger } from '../../unit/electron/fake-handlers';
import { postIpc, rawRequest, tokenHeaders, type HostTarget, type RawResponse } from './http-client';

const captureId = '0b8f2d6e-3c1a-4e5b-9d7f-2a6c8e0b4d13';

let folder: string;
let fakeServer: WebHostServer;
let host: WebHost;
let handlerCalls = 0;

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'booster-web-host-limits-'));
  const rendererDir = path.join(folder, 'renderer');
  await mkdir(rendererDir);
  await writeFile(path.join(rendererDir, 'index.html'), '<html><head></head><body></body></html>');
  const handlers = createFakeHandlers();
  const enqueue = handlers.outbox.enqueue;
  handlers.outbox.enqueue = async (request) => {
    handlerCalls += 1;
    return enqueue(request);
  };
  fakeServer = await startWebHostServer({
    dispatcher: createIpcDispatcher(handlers),
    subscribeSyncChanged: () => () => undefined,
    rendererDir,
    logger: recordingLogger(),
  });
  // The real services, with no Booster configured: whatever is accepted stays in the outbox.
  host = await startWebHost({
    dataDir: path.join(folder, 'data'),
    rendererDir,
    logger: createSilentLogger(),
  });
});

afterAll(async () => {
  await fakeServer?.close();
  await host?.close();
  await rm(folder, { recursive: true, force: true });
});

function postBytes(target: HostTarget, channel: string, body: Buffer, contentType = 'application/json') {
  return rawRequest(new URL(`/ipc/${channel}`, target.url).href, {
    method: 'POST',
    headers: { 'content-type': contentType, origin: new URL(target.url).origin, ...tokenHeaders(target) },
    body,
  });
}

function errorOf(response: RawResponse): { code: string; message: string } {
  return (JSON.parse(response.body) as { ok: false; error: { code: string; message: string } }).error;
}

async function storedCaptureIds(): Promise<string[]> {
  const listed = JSON.parse((await postIpc(host, 'outbox:list', {})).body) as {
    ok: true;
    value: { items: { captureId: string }[] };
  };
  return listed.value.items.map((item) => item.captureId);
}

describe('web host: the Content-Type of IPC requests', () => {
  it.each([
    ['no Content-Type', undefined],
    ['text/plain', 'text/plain'],
    ['a form', 'application/x-www-form-urlencoded'],
    ['another JSON-like type', 'application/json-patch+json'],
    ['a longer name', 'application/jsonx'],
    ['JSON in another charset', 'application/json; charset=iso-8859-1'],
  ])('refuses %s with 415 and a message that says what to send', async (_name, contentType) => {
    const before = handlerCalls;
    const response = await rawRequest(new URL('/ipc/outbox:enqueue', fakeServer.url).href, {
      method: 'POST',
      headers: {
        ...tokenHeaders(fakeServer),
        ...(contentType === undefined ? {} : { 'content-type': contentType }),
      },
      body: JSON.stringify({ captureId, record: minimalPrivateClientExample }),
    });
    expect(response.status).toBe(415);
    expect(errorOf(response)).toMatchObject({
      code: 'invalidRequest',
      message: expect.stringContaining('Content-Type: application/json') as unknown,
    });
    expect(handlerCalls).toBe(before);
  });

  it.each(['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset="UTF-8"'])(
    'accepts %s',
    async (contentType) => {
      const response = await postBytes(fakeServer, 'sync:status', Buffer.from(''), contentType);
      expect([response.status, (JSON.parse(response.body) as { ok: boolean }).ok]).toEqual([200, true]);
    },
  );
});

describe('web host: the size of IPC requests', () => {
  it('refuses one byte over the cap with 413, without calling the handler', async () => {
    const before = handlerCalls;
    const prefix = `{"captureId":"${captureId}","record":{"notes":"`;
    const body = Buffer.from(`${prefix}${'x'.repeat(maxIpcBodyBytes - prefix.length - 2)}"}}`);
    expect(body.length).toBe(maxIpcBodyBytes + 1);
    const response = await postBytes(fakeServer, 'outbox:enqueue', body);
    expect(response.status).toBe(413);
    expect(errorOf(response).message).toBe(
      'The request is too large: at most 262,144 bytes. Nothing was saved.',
    );
    expect(handlerCalls).toBe(before);
  });

  it('answers 413 to a declared huge body without reading it, and closes the connection', async () => {
    const { port } = new URL(fakeServer.url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(
          [
            'POST /ipc/outbox:enqueue HTTP/1.1',
            `Host: 127.0.0.1:${port}`,
            `X-Booster-Token: ${fakeServer.token}`,
            'Content-Type: application/json',
            'Content-Length: 10737418240',
            '',
            '',
          ].join('\r\n'),
        );
      });
      let received = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (received += chunk));
      socket.on('close', () => resolve(received));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer.toLowerCase()).toContain('connection: close');
  });

  it('a body of 2.2 million characters (a pasted last name) is refused and nothing is stored', async () => {
    const response = await postIpc(host, 'outbox:enqueue', {
      captureId,
      record: { ...minimalPrivateClientExample, lastName: 'R'.repeat(2_200_000) },
    });
    expect(response.status).toBe(413);
    expect(await storedCaptureIds()).not.toContain(captureId);
  });

  it('accepts the largest record the contract allows: the cap is above it', async () => {
    const largestId = '5e1c7a3b-9d2f-4b6e-8a0c-1f3e5d7b9c2a';
    const response = await postIpc(host, 'outbox:enqueue', {
      captureId: largestId,
      record: largestValidRecord(),
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ ok: true, value: { captureId: largestId } });
    expect(await storedCaptureIds()).toContain(largestId);
  });
});

describe('web host: the encoding of IPC requests', () => {
  it('refuses a large body with an invalid UTF-8 byte with 400 naming its offset, and stores nothing', async () => {
    const invalidId = '9a7b5c3d-1e2f-4a6b-8c0d-2e4f6a8b0c1d';
    const json = JSON.stringify({ captureId: invalidId, record: { ...minimalPrivateClientExample } });
    // Well-formed JSON (whitespace pads it to ~200 KB) whose last name holds one byte that is not UTF-8:
    // before, it was decoded to U+FFFD and the client stored under a name nobody typed.
    const [head = '', tail = ''] = json.split('"Rossi"');
    const body = Buffer.concat([
      Buffer.from(' '.repeat(200_000) + head + '"Ross'),
      Buffer.from([0xff]),
      Buffer.from(`i"${tail}`),
    ]);
    expect(body.length).toBeLessThan(maxIpcBodyBytes);
    const offset = body.indexOf(0xff);
    const response = await postBytes(host, 'outbox:enqueue', body);
    expect(response.status).toBe(400);
    expect(errorOf(response)).toEqual({
      code: 'invalidRequest',
      message: `The request body is not valid UTF-8 (the first invalid byte is at offset ${offset.toLocaleString('en-US')}). Nothing was saved.`,
    });
    expect(await storedCaptureIds()).not.toContain(invalidId);
  });

  it('refuses a truncated multi-byte sequence and an encoded surrogate, and accepts a byte-order mark', async () => {
    const cases: [number[], number][] = [
      [[0x7b, 0xc3], 1],
      [[0x7b, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d], 2],
    ];
    for (const [bytes, offset] of cases) {
      const response = await postBytes(fakeServer, 'sync:status', Buffer.from(bytes));
      expect(response.status, JSON.stringify(bytes)).toBe(400);
      expect(errorOf(response).message).toContain(`at offset ${offset})`);
    }
    const withBom = await postBytes(fakeServer, 'sync:status', Buffer.from('\ufeff{}'));
    expect(withBom.status).toBe(200);
  });
});
