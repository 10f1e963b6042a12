import { describe, expect, it } from 'vitest';
import { checkRequest } from '../../../tools/web-host/request-guard';
import { injectBridgeScript, isPageRoute, resolveStaticPath } from '../../../tools/web-host/static-files';

const port = 5174;

describe('checkRequest', () => {
  it('allows our own pages and plain local tools', () => {
    for (const headers of [
      { host: '127.0.0.1:5174' },
      { host: 'localhost:5174', origin: 'http://localhost:5174', secFetchSite: 'same-origin' },
      { host: '127.0.0.1:5174', origin: 'http://127.0.0.1:5174', secFetchSite: 'same-origin' },
      { host: '127.0.0.1:5174', secFetchSite: 'none' },
    ]) {
      expect(checkRequest(headers, port), JSON.stringify(headers)).toEqual({ allowed: true });
    }
  });

  it('refuses DNS rebinding, other origins and cross-site requests', () => {
    for (const headers of [
      {},
      { host: 'evil.example:5174' },
      { host: 'evil.example' },
      { host: '127.0.0.1:5175' },
      { host: '127.0.0.1' },
      { host: '0.0.0.0:5174' },
      { host: '[::1]:5174' },
      { host: '127.0.0.1:5174', origin: 'http://evil.example' },
      { host: '127.0.0.1:5174', origin: 'null' },
      { host: '127.0.0.1:5174', origin: 'http://127.0.0.1:5175' },
      { host: '127.0.0.1:5174', origin: 'https://127.0.0.1:5174' },
      { host: '127.0.0.1:5174', origin: 'http://127.0.0.1:5174.evil.example' },
      { host: '127.0.0.1:5174', secFetchSite: 'cross-site' },
      { host: '127.0.0.1:5174', secFetchSite: 'same-site' },
    ]) {
      expect(checkRequest(headers, port).allowed, JSON.stringify(headers)).toBe(false);
    }
  });
});

describe('resolveStaticPath', () => {
  const root = '/srv/renderer';

  it('maps paths inside the build folder', () => {
    expect(resolveStaticPath(root, '/')).toEqual({ kind: 'index' });
    expect(resolveStaticPath(root, '/index.html')).toEqual({ kind: 'index' });
    expect(resolveStaticPath(root, '/assets/index-abc.js')).toEqual({
      kind: 'file',
      file: '/srv/renderer/assets/index-abc.js',
    });
    expect(resolveStaticPath(root, '/assets/a%20b.css')).toEqual({
      kind: 'file',
      file: '/srv/renderer/assets/a b.css',
    });
  });

  it('never leaves the build folder', () => {
    for (const urlPath of [
      '/../secrets.json',
      '/assets/../../etc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/..%2f..%2fetc/passwd',
      '/assets/..%5c..%5csecrets',
      '/%00',
      '/%E0%A4%A',
    ]) {
      const target = resolveStaticPath(root, urlPath);
      if (target.kind === 'file') expect(target.file.startsWith('/srv/renderer/'), urlPath).toBe(true);
      else expect(target.kind, urlPath).toBe('notFound');
    }
  });

  it('tells page routes from missing assets', () => {
    expect(isPageRoute('/outbox')).toBe(true);
    expect(isPageRoute('/drafts/12')).toBe(true);
    expect(isPageRoute('/assets/missing.js')).toBe(false);
  });
});

describe('injectBridgeScript', () => {
  it("puts the bridge before the app's first script", () => {
    const html =
      '<html><head><title>x</title><script type="module" src="/assets/index.js"></script></head></html>';
    const injected = injectBridgeScript(html);
    expect(injected.indexOf('/booster-bridge.js')).toBeLessThan(injected.indexOf('/assets/index.js'));
    expect(injected.match(/<script/g)).toHaveLength(2);
  });

  it('falls back to the end of head when the page has no script', () => {
    expect(injectBridgeScript('<html><head></head><body></body></html>')).toBe(
      '<html><head><script src="/booster-bridge.js"></script>\n</head><body></body></html>',
    );
  });
});
