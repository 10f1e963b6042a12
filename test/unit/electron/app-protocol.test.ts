// The app:// protocol glue against the Electron stub, on a real folder: registered as privileged before ready,
// handled on the session, files answered with the CSP header, and nothing outside the folder, links included.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../../electron/main/app-origin';
import {
  createAppFileHandler,
  handleAppProtocol,
  registerAppScheme,
} from '../../../electron/main/app-protocol';
import { app, protocol, resetElectronStub, session } from '../../support/electron-stub';

let base: string;
let rendererRoot: string;

beforeEach(async () => {
  resetElectronStub();
  base = await mkdtemp(path.join(os.tmpdir(), 'booster-app-protocol-'));
  rendererRoot = path.join(base, 'renderer');
  await mkdir(path.join(rendererRoot, 'assets'), { recursive: true });
  await writeFile(path.join(rendererRoot, 'index.html'), '<!doctype html><title>ours</title>');
  await writeFile(path.join(rendererRoot, 'assets', 'index-abc.js'), 'export const ours = 1;');
  // Beside the renderer, as out/main and the data folder are: never to be served.
  await writeFile(path.join(base, 'secret.js'), 'export const secret = 1;');
  await mkdir(path.join(rendererRoot, 'folder.js'));
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('registerAppScheme', () => {
  it('registers app as a standard, secure scheme with fetch, without CORS or a CSP bypass', () => {
    registerAppScheme(protocol);
    expect(protocol.privilegedSchemes).toEqual([
      {
        scheme: 'app',
        privileges: expect.objectContaining({
          standard: true,
          secure: true,
          supportFetchAPI: true,
          corsEnabled: false,
          bypassCSP: false,
          allowServiceWorkers: false,
        }),
      },
    ]);
  });

  it('cannot be done once the app is ready (as in Electron)', () => {
    app.markReady();
    expect(() => registerAppScheme(protocol)).toThrow(/before app is ready/);
  });
});

describe('the app:// handler', () => {
  function request(url: string, init?: RequestInit): Promise<Response> {
    return session.defaultSession.protocol.request(url, init);
  }

  beforeEach(() => handleAppProtocol(session.defaultSession.protocol, { rendererRoot }));

  it('is registered once on the session', () => {
    expect(session.defaultSession.protocol.isProtocolHandled('app')).toBe(true);
    expect(() => handleAppProtocol(session.defaultSession.protocol, { rendererRoot })).toThrow();
  });

  it('answers our files with their type and the CSP header', async () => {
    const page = await request('app://booster-capture/');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>ours</title>');
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');

    const script = await request('app://booster-capture/assets/index-abc.js?v=1');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('export const ours = 1;');
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await request('app://booster-capture/index.html', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await request('app://booster-capture/index.html', { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
  });

  it('refuses what is not a file of the folder, with the same headers', async () => {
    const cases: [string, number][] = [
      ['app://booster-capture/missing.js', 404],
      ['app://booster-capture/folder.js', 404],
      ['app://booster-capture/assets/', 404],
      // Request (like Chromium) resolves the dot segment first: what arrives is /secret.js, not in the folder.
      ['app://booster-capture/%2e%2e/secret.js', 404],
      ['app://booster-capture/..%2fsecret.js', 400],
      ['app://evil/index.html', 403],
    ];
    for (const [url, status] of cases) {
      const answer = await request(url);
      expect(answer.status, url).toBe(status);
      expect(await answer.text(), url).toBe('');
      expect(answer.headers.get('content-security-policy'), url).toBe(contentSecurityPolicy());
    }
  });

  it('does not follow a symbolic link out of the folder', async () => {
    await symlink(path.join(base, 'secret.js'), path.join(rendererRoot, 'assets', 'escape.js'));
    await symlink(base, path.join(rendererRoot, 'up'));
    expect((await request('app://booster-capture/assets/escape.js')).status).toBe(404);
    expect((await request('app://booster-capture/up/secret.js')).status).toBe(404);
  });

  it('follows a link that stays inside, and serves from a root that is itself a link', async () => {
    await symlink(path.join(rendererRoot, 'assets', 'index-abc.js'), path.join(rendererRoot, 'alias.js'));
    expect((await request('app://booster-capture/alias.js')).status).toBe(200);

    const linkedRoot = path.join(base, 'linked-renderer');
    await symlink(rendererRoot, linkedRoot);
    const handler = createAppFileHandler({ rendererRoot: linkedRoot });
    const answer = await handler(new Request('app://booster-capture/assets/index-abc.js'));
    expect(answer.status).toBe(200);
  });
});
