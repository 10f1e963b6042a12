import { describe, expect, it } from 'vitest';
import { decideNavigation, fileOriginFor, isTrustedSenderUrl } from '../../../electron/main/trusted-url';
import { resolveRendererLocation } from '../../../electron/main/renderer-location';

const devOrigin = 'http://localhost:5173';
const rendererRoot = fileOriginFor('/opt/Booster Capture/resources/app.asar/out/renderer');
const allowed = [devOrigin, rendererRoot, 'app://booster'];

describe('isTrustedSenderUrl', () => {
  it('accepts our own pages', () => {
    for (const url of [
      'http://localhost:5173/',
      'http://localhost:5173/index.html#/drafts/1',
      'http://LOCALHOST:5173/?q=1',
      'file:///opt/Booster%20Capture/resources/app.asar/out/renderer/index.html',
      'file:///opt/Booster Capture/resources/app.asar/out/renderer/index.html#/outbox',
      'app://booster/index.html',
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
      'file:///opt/Booster%20Capture/resources/app.asar/out/renderer/../../../../etc/passwd',
      'file:///opt/Booster%20Capture/resources/app.asar/out/renderer/%2e%2e/%2e%2e/secrets',
      'file:///opt/Booster%20Capture/resources/app.asar/out/renderer%2f..%2f..%2fsecrets',
      'file:///opt/Booster%20Capture/resources/app.asar/out/renderer-evil/index.html',
      'file:///opt/Booster%20Capture/resources/app.asar/out/renderer',
      'file://evil-share/opt/Booster%20Capture/resources/app.asar/out/renderer/index.html',
      'app://booster.evil/index.html',
      'app://evil/index.html',
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
  it('allows our pages, opens plain https links outside, refuses the rest', () => {
    expect(decideNavigation('http://localhost:5173/#/settings', allowed)).toBe('allow');
    expect(decideNavigation('https://www.example.com/help', allowed)).toBe('openExternally');
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
        kind: 'file',
        file: '/app/out/renderer/index.html',
        allowedOrigins: ['file:///app/out/renderer/'],
      });
    }
  });

  it('trusts the file it loads', () => {
    const location = resolveRendererLocation({
      devServerUrl: undefined,
      isPackaged: true,
      rendererDir: '/a b/out/renderer',
    });
    expect(location.kind).toBe('file');
    if (location.kind === 'file') {
      expect(isTrustedSenderUrl(`file://${encodeURI(location.file)}`, location.allowedOrigins)).toBe(true);
    }
  });
});
