import { describe, expect, it } from 'vitest';
import { decideNavigation, isTrustedSenderUrl } from '../../../electron/main/trusted-url';
import { resolveRendererLocation } from '../../../electron/main/renderer-location';
import { appEntryUrl, appOrigin } from '../../../electron/main/app-origin';

const devOrigin = 'http://localhost:5173';
const allowed = [devOrigin, appOrigin];

describe('isTrustedSenderUrl', () => {
  it('accepts our own pages', () => {
    for (const url of [
      'http://localhost:5173/',
      'http://localhost:5173/index.html#/drafts/1',
      'http://LOCALHOST:5173/?q=1',
      'app://booster-capture/index.html',
      'app://booster-capture/index.html#/outbox',
      'app://booster-capture/',
    ]) {
      expect(isTrustedSenderUrl(url, allowed), url).toBe(true);
    }
  });

  it('refuses hostile and foreign URLs', () => {
    const hostile = [
      'http://localhost:5173.evil.com/',
      'http://evil.com/?http://localhost:5173',
      'http://evil.com/#http://localhost:5173/',
      'http://localhost:5173@evil.com/',
      'http://user:pass@localhost:5173/',
      'https://localhost:5173/',
      'http://localhost:5174/',
      'http://127.0.0.1:5173/',
      'http://localhost/',
      'ws://localhost:5173/',
      'file:///etc/passwd',
      // The UI is no longer a folder on disk: no file URL is trusted, not even the renderer's own.
      'file:///opt/Booster%20Capture/resources/app.asar/out/renderer/index.html',
      'file:///opt/Booster%20Capture/resources/app.asar/out/renderer/../../../../etc/passwd',
      'file:///opt/Booster%20Capture/resources/app.asar/out/renderer/%2e%2e/%2e%2e/secrets',
      'file:///opt/Booster%20Capture/resources/app.asar/out/renderer%2f..%2f..%2fsecrets',
      'file:///opt/Booster%20Capture/resources/app.asar/out/renderer-evil/index.html',
      'file:///opt/Booster%20Capture/resources/app.asar/out/renderer',
      'file://evil-share/opt/Booster%20Capture/resources/app.asar/out/renderer/index.html',
      'app://booster-capture.evil/index.html',
      'app://booster-capture:8080/index.html',
      'app://user@booster-capture/index.html',
      'app://booster/index.html',
      'app://evil/index.html',
      'app:///index.html',
      'app:booster-capture/index.html',
      'APP://evil/index.html',
      'https://booster-capture/index.html',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'blob:http://localhost:5173/8c7d1b9a-0000-4000-8000-000000000000',
      'about:blank',
      'about:srcdoc',
      'devtools://devtools/bundled/inspector.html',
      'chrome://gpu',
      'chrome-extension://abcdef/page.html',
      'view-source:http://localhost:5173/',
      '',
      'not a url',
      '//localhost:5173/',
    ];
    for (const url of hostile) {
      expect(isTrustedSenderUrl(url, allowed), url).toBe(false);
    }
  });

  it('trusts nothing when nothing is allowed', () => {
    expect(isTrustedSenderUrl('http://localhost:5173/', [])).toBe(false);
  });
});

describe('decideNavigation', () => {
  it('allows our pages and refuses the rest, https links included (nothing is opened outside)', () => {
    expect(decideNavigation('http://localhost:5173/#/settings', allowed)).toBe('allow');
    expect(decideNavigation('app://booster-capture/index.html#/drafts', allowed)).toBe('allow');
    expect(decideNavigation('https://www.example.com/help', allowed)).toBe('deny');
    expect(decideNavigation('https://user:pw@www.example.com/', allowed)).toBe('deny');
    expect(decideNavigation('http://www.example.com/', allowed)).toBe('deny');
    expect(decideNavigation('file:///etc/passwd', allowed)).toBe('deny');
    expect(decideNavigation('smb://share/file', allowed)).toBe('deny');
    expect(decideNavigation('javascript:alert(1)', allowed)).toBe('deny');
  });
});

describe('resolveRendererLocation', () => {
  it('uses the dev server in development, and trusts only its origin', () => {
    const location = resolveRendererLocation({
      devServerUrl: 'http://localhost:5173/',
      isPackaged: false,
      rendererDir: '/app/out/renderer',
    });
    expect(location).toEqual({
      kind: 'devServer',
      url: 'http://localhost:5173/',
      allowedOrigins: ['http://localhost:5173'],
    });
  });

  it('ignores the dev server variable in a packaged app and for a non-loopback address', () => {
    for (const [devServerUrl, isPackaged] of [
      ['http://localhost:5173/', true],
      ['https://evil.example/', false],
      ['http://192.168.1.20:5173/', false],
      ['http://user@localhost:5173/', false],
      ['garbage', false],
    ] as const) {
      const location = resolveRendererLocation({
        devServerUrl,
        isPackaged,
        rendererDir: '/app/out/renderer/',
      });
      expect(location).toEqual({
        kind: 'app',
        url: 'app://booster-capture/index.html',
        rendererDir: '/app/out/renderer/',
        allowedOrigins: ['app://booster-capture'],
      });
    }
  });

  it('trusts the app origin it loads, and no file on disk', () => {
    const location = resolveRendererLocation({
      devServerUrl: undefined,
      isPackaged: true,
      rendererDir: '/a b/out/renderer',
    });
    expect(location).toMatchObject({ kind: 'app', url: appEntryUrl, rendererDir: '/a b/out/renderer' });
    expect(isTrustedSenderUrl(location.url, location.allowedOrigins)).toBe(true);
    expect(isTrustedSenderUrl('file:///a%20b/out/renderer/index.html', location.allowedOrigins)).toBe(false);
    expect(isTrustedSenderUrl('http://localhost:5173/', location.allowedOrigins)).toBe(false);
  });
});
