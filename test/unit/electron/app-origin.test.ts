// The app:// decisions with hostile inputs, no Electron: what the protocol handler serves, refuses, and the
// headers it answers with.
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appEntryUrl,
  appOrigin,
  appResponseHeaders,
  contentSecurityPolicy,
  contentTypeFor,
  isAllowedAppMethod,
  isInsideRoot,
  resolveAppRequest,
} from '../../../electron/main/app-origin';

const root = '/opt/Booster Capture/resources/app.asar/out/renderer';

describe('the app origin', () => {
  it('is one fixed origin, and the window opens its index.html', () => {
    expect(appOrigin).toBe('app://booster-capture');
    expect(appEntryUrl).toBe('app://booster-capture/index.html');
  });
});

describe('resolveAppRequest', () => {
  it('serves the files Vite emits, with their content types', () => {
    expect(resolveAppRequest('app://booster-capture/', root)).toEqual({
      kind: 'file',
      path: `${root}/index.html`,
      contentType: 'text/html; charset=utf-8',
    });
    expect(resolveAppRequest('app://booster-capture/index.html', root)).toMatchObject({
      path: `${root}/index.html`,
    });
    const cases: [string, string, string][] = [
      ['assets/index-B3x_9aQ1.js', 'assets/index-B3x_9aQ1.js', 'text/javascript; charset=utf-8'],
      ['assets/index-Cq1.css', 'assets/index-Cq1.css', 'text/css; charset=utf-8'],
      ['assets/fr-D2.js?v=3#x', 'assets/fr-D2.js', 'text/javascript; charset=utf-8'],
      ['assets/logo.svg', 'assets/logo.svg', 'image/svg+xml'],
      ['assets/font.woff2', 'assets/font.woff2', 'font/woff2'],
      ['assets/My%20Font.WOFF2', 'assets/My Font.WOFF2', 'font/woff2'],
      ['assets/caf%C3%A9.png', 'assets/café.png', 'image/png'],
    ];
    for (const [urlPath, file, contentType] of cases) {
      expect(resolveAppRequest(`${appOrigin}/${urlPath}`, root), urlPath).toEqual({
        kind: 'file',
        path: path.join(root, file),
        contentType,
      });
    }
  });

  it('ignores the query and the fragment', () => {
    expect(resolveAppRequest('app://booster-capture/index.html?../../etc/passwd#/../x', root)).toMatchObject({
      kind: 'file',
      path: `${root}/index.html`,
    });
  });

  it('refuses other schemes, hosts, users and ports (403)', () => {
    for (const url of [
      'app://evil/index.html',
      'app://booster-capture.evil/index.html',
      'app://booster-capture:443/index.html',
      'app://user@booster-capture/index.html',
      'app://user:pw@booster-capture/index.html',
      'app://booster%2dcapture/index.html',
      'app:///index.html',
      'file:///opt/Booster%20Capture/resources/app.asar/out/renderer/index.html',
      'http://booster-capture/index.html',
      'https://booster-capture/index.html',
      'blob:app://booster-capture/0000',
    ]) {
      expect(resolveAppRequest(url, root), url).toEqual({ kind: 'refused', status: 403 });
    }
  });

  it('refuses traversal, encoded separators, backslashes, NUL and control characters (400)', () => {
    for (const url of [
      'app://booster-capture/../../../../etc/passwd',
      'app://booster-capture/assets/../index.html',
      'app://booster-capture/./index.html',
      'app://booster-capture/%2e%2e/%2e%2e/etc/passwd',
      'app://booster-capture/%2E%2E/secrets/key.json',
      'app://booster-capture/.%2e/secrets.json',
      'app://booster-capture/assets/%2e',
      'app://booster-capture/..',
      'app://booster-capture/..%2f..%2fetc%2fpasswd.txt',
      'app://booster-capture/assets%2f..%2f..%2fmain.js',
      'app://booster-capture/assets%5c..%5c..%5cmain.js',
      'app://booster-capture/..\\..\\main\\index.js',
      'app://booster-capture/assets\\index.js',
      'app://booster-capture/index.html%00.js',
      'app://booster-capture/index%00.html',
      'app://booster-capture/in\tdex.html',
      'app://booster-capture/in\ndex.html',
      'app://booster-capture/%0aindex.html',
      'app://booster-capture/%7findex.html',
      'app://booster-capture/C:%5cWindows%5cwin.ini',
      'app://booster-capture/C:/Windows/win.ini',
      'app://booster-capture/index.html:stream.js',
      'app://booster-capture/%E0%A4%A.js',
      'app://booster-capture/%',
      ' app://booster-capture/index.html',
      'app://booster-capture',
      'not a url',
      '',
    ]) {
      expect(resolveAppRequest(url, root), JSON.stringify(url)).toEqual({ kind: 'refused', status: 400 });
    }
  });

  it('refuses folders, hidden files, device names, unknown types and absolute paths (404)', () => {
    for (const url of [
      'app://booster-capture/assets/',
      'app://booster-capture/assets',
      'app://booster-capture//etc/passwd',
      'app://booster-capture///etc/passwd.js',
      'app://booster-capture/assets//index.js',
      'app://booster-capture/.env',
      'app://booster-capture/.git/config',
      'app://booster-capture/assets/.hidden.js',
      'app://booster-capture/index.html.',
      'app://booster-capture/index.html%20',
      'app://booster-capture/con.js',
      'app://booster-capture/NUL.html',
      'app://booster-capture/assets/lpt1.css',
      'app://booster-capture/main.exe',
      'app://booster-capture/secrets',
      'app://booster-capture/outbox.journal',
      'app://booster-capture/index.html.map',
      'app://booster-capture/%252e%252e/index.js.bak',
    ]) {
      expect(resolveAppRequest(url, root), url).toEqual({ kind: 'refused', status: 404 });
    }
  });

  it('refuses a URL too long to be ours (414), and anything that is not a string', () => {
    expect(resolveAppRequest(`${appOrigin}/${'a'.repeat(5000)}.js`, root)).toEqual({
      kind: 'refused',
      status: 414,
    });
    expect(resolveAppRequest(undefined as unknown as string, root)).toEqual({ kind: 'refused', status: 400 });
  });

  it('keeps Windows paths inside the root too', () => {
    const windowsRoot = 'C:\\Program Files\\Booster Capture\\resources\\app.asar\\out\\renderer';
    const options = { pathModule: path.win32 };
    expect(resolveAppRequest('app://booster-capture/assets/index.js', windowsRoot, options)).toMatchObject({
      kind: 'file',
      path: `${windowsRoot}\\assets\\index.js`,
    });
    for (const url of [
      'app://booster-capture/C:%5cWindows%5cwin.ini',
      'app://booster-capture/%5c%5cserver%5cshare%5cx.js',
      'app://booster-capture/..%5c..%5cmain%5cindex.js',
      'app://booster-capture/aux.js',
      'app://booster-capture/index.html::$DATA',
    ]) {
      expect(resolveAppRequest(url, windowsRoot, options).kind, url).toBe('refused');
    }
  });

  it('never answers a path outside the root, whatever the URL (property)', () => {
    const piece = fc.oneof(
      fc.constantFrom(
        '..',
        '.',
        '%2e',
        '%2E',
        '%2e%2e',
        '%2f',
        '%5c',
        '\\',
        '/',
        '//',
        '%00',
        ':',
        'C:',
        '~',
      ),
      fc.constantFrom('index.html', 'assets', 'x.js', 'etc', 'passwd', '.git', '%252e', '%', 'con'),
      fc.string({ maxLength: 6 }),
      // Any ASCII, control characters included.
      fc.string({
        maxLength: 6,
        unit: fc.integer({ min: 0, max: 0x7f }).map((code) => String.fromCharCode(code)),
      }),
      fc.constantFrom('é', '\u202e', '\uff0e\uff0e', '\u2215', '\ufe52', '\ud800'),
    );
    const hostilePath = fc.array(piece, { maxLength: 10 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(hostilePath, fc.constantFrom(path.posix, path.win32), (urlPath, pathModule) => {
        const base = pathModule === path.win32 ? 'C:\\app\\renderer' : '/app/renderer';
        const decision = resolveAppRequest(`${appOrigin}/${urlPath}`, base, { pathModule });
        if (decision.kind === 'refused') return [400, 403, 404, 414].includes(decision.status);
        return (
          isInsideRoot(decision.path, base, pathModule) &&
          contentTypeFor(decision.path) === decision.contentType &&
          !decision.path.includes('\0')
        );
      }),
      { numRuns: 1000 },
    );
  });
});

describe('isInsideRoot', () => {
  it('accepts only paths strictly below the root', () => {
    expect(isInsideRoot('/app/renderer/index.html', '/app/renderer')).toBe(true);
    expect(isInsideRoot('/app/renderer/assets/x.js', '/app/renderer/')).toBe(true);
    expect(isInsideRoot('/app/renderer', '/app/renderer')).toBe(false);
    expect(isInsideRoot('/app/renderer-evil/x.js', '/app/renderer')).toBe(false);
    expect(isInsideRoot('/app/renderer/../main/index.js', '/app/renderer')).toBe(false);
    expect(isInsideRoot('/etc/passwd', '/app/renderer')).toBe(false);
    expect(isInsideRoot('D:\\x.js', 'C:\\app\\renderer', path.win32)).toBe(false);
    expect(isInsideRoot('c:\\APP\\renderer\\x.js', 'C:\\app\\renderer', path.win32)).toBe(true);
  });
});

describe('isAllowedAppMethod', () => {
  it('allows reads only', () => {
    expect(['GET', 'HEAD'].every(isAllowedAppMethod)).toBe(true);
    expect(['POST', 'PUT', 'DELETE', 'OPTIONS', 'get', 'TRACE'].some(isAllowedAppMethod)).toBe(false);
  });
});

describe('contentSecurityPolicy and headers', () => {
  it('is exactly the policy of the issue', () => {
    expect(contentSecurityPolicy()).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(contentSecurityPolicy()).not.toMatch(/unsafe|\*|http:|https:|file:|blob:/);
  });

  it('goes with every answer, with nosniff and no referrer', () => {
    const headers = appResponseHeaders('text/html; charset=utf-8');
    expect(headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': contentSecurityPolicy(),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'cross-origin-resource-policy': 'same-origin',
    });
    const refusal = appResponseHeaders();
    expect(refusal['content-type']).toBeUndefined();
    expect(refusal['content-security-policy']).toBe(contentSecurityPolicy());
  });
});
