// The UI as Electron serves it from app://booster-capture, in real Chromium: the production renderer build is
// answered by the very handler Electron registers (createAppFileHandler: resolveAppRequest and its headers),
// behind a small HTTP server. With the CSP header alone, the app renders and is used with no violation; what
// the policy must refuse (inline styles and scripts, a script from elsewhere on the disk) is refused; a
// traversal outside the renderer folder gets a 4xx. Svelte's style: directives are checked in the same page.
//
// The page has no preload here: `window.booster` is the same createBoosterBridge as Electron's preload, added
// before the page's scripts (as a preload runs outside the page's CSP) and wired to the real services.
import http from 'node:http';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appOrigin, appResponseHeaders, contentSecurityPolicy } from '../../electron/main/app-origin';
import { createAppFileHandler } from '../../electron/main/app-protocol';
import { openBoosterServices, type BoosterServices } from '../../electron/main/core/boosterServices';
import { createIpcDispatcher, type IpcDispatcher } from '../../electron/main/core/ipc-dispatch';
import { createNodeClock } from '../../electron/main/core/platform/clock';
import { createHeadlessKeySource, secretsKeyOf } from '../../electron/main/core/platform/dataKeys';
import { createConsoleLogger } from '../../electron/main/core/platform/logger';
import { createFileSecretStore } from '../../electron/main/core/platform/secretStore';
import { rendererViteConfig } from '../../renderer/vite.config';
import { ipcEvents } from '../../shared/ipc';
import { launchChromium, screenshot, tempDir } from './support';

const projectRoot = path.resolve(import.meta.dirname, '../..');

interface Violation {
  directive: string;
  blocked: string;
  sample: string;
  source: string;
}

let work: { dir: string; remove(): Promise<void> };
let rendererRoot: string;
let bridgeScript: string;
let server: http.Server;
let baseUrl: string;
let services: BoosterServices;
let dispatch: IpcDispatcher;
let browser: Browser;

/** The production renderer, as electron-vite builds it, into a folder of this test's own. */
async function buildRenderer(outDir: string): Promise<void> {
  await build({
    ...rendererViteConfig,
    configFile: false,
    logLevel: 'warn',
    build: { ...rendererViteConfig.build, outDir, reportCompressedSize: false },
  });
}

/** One IIFE defining a frozen window.booster from createBoosterBridge over two page bindings. */
async function buildBridge(dir: string): Promise<string> {
  const entry = path.join(dir, 'bridge-entry.js');
  await writeFile(
    entry,
    `import { createBoosterBridge } from ${JSON.stringify(path.join(projectRoot, 'shared/ipc/create-bridge.ts'))};
const listeners = new Set();
globalThis.__boosterPush = (channel, payload) => {
  for (const entry of listeners) if (entry.channel === channel) entry.listener(payload);
};
const booster = createBoosterBridge({
  invoke: (channel, request) => globalThis.__boosterInvoke(channel, request),
  subscribe(channel, listener) {
    const entry = { channel, listener };
    listeners.add(entry);
    return () => listeners.delete(entry);
  },
});
for (const value of Object.values(booster)) if (typeof value === 'object') Object.freeze(value);
Object.defineProperty(globalThis, 'booster', { value: Object.freeze(booster), writable: false, configurable: false });
`,
  );
  return bundle(entry, path.join(dir, 'bridge'), 'iife', []);
}

/**
 * A Svelte component with style: directives and a dynamic style attribute, built with the app's Svelte, and
 * served from the renderer folder like any of its chunks.
 */
async function buildStyleProbe(dir: string, servedDir: string): Promise<void> {
  await writeFile(
    path.join(dir, 'StyleProbe.svelte'),
    `<script>
  let color = $state('rgb(1, 2, 3)');
  let weight = $state(300);
</script>
<p id="style-probe" style:color={color} style:--probe-gap="{weight / 100}px" style="font-weight: {weight}">probe</p>
<button id="style-probe-change" onclick={() => { color = 'rgb(4, 5, 6)'; weight = 700; }}>change</button>
`,
  );
  const entry = path.join(dir, 'style-probe.js');
  await writeFile(
    entry,
    `import { mount } from 'svelte';
import StyleProbe from './StyleProbe.svelte';
mount(StyleProbe, { target: document.body });
`,
  );
  await bundle(entry, servedDir, 'es', [svelte()]);
}

async function bundle(
  entry: string,
  outDir: string,
  format: 'iife' | 'es',
  plugins: NonNullable<Parameters<typeof build>[0]>['plugins'],
): Promise<string> {
  await build({
    configFile: false,
    logLevel: 'warn',
    root: projectRoot,
    plugins,
    // The entries live in a temp folder: resolve svelte from the project, as the app does.
    resolve: { dedupe: ['svelte'], conditions: ['browser'] },
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      outDir,
      emptyOutDir: true,
      minify: false,
      reportCompressedSize: false,
      lib: { entry, formats: [format], name: 'boosterTestBundle', fileName: () => 'bundle.js' },
    },
  });
  return readFile(path.join(outDir, 'bundle.js'), 'utf8');
}

/** Electron's app:// handler behind node:http: the request path is put on the app origin, as Chromium would. */
function startAppServer(root: string): Promise<http.Server> {
  const handler = createAppFileHandler({ rendererRoot: root });
  const httpServer = http.createServer((request, response) => {
    const answer = async (): Promise<Response> => {
      try {
        return await handler(new Request(`${appOrigin}${request.url ?? ''}`, { method: request.method }));
      } catch {
        // A request line no URL parser accepts.
        return new Response(null, { status: 400, headers: appResponseHeaders() });
      }
    };
    void answer().then(async (result) => {
      response.writeHead(result.status, Object.fromEntries(result.headers));
      response.end(Buffer.from(await result.arrayBuffer()));
    });
  });
  return new Promise((resolve) => httpServer.listen(0, '127.0.0.1', () => resolve(httpServer)));
}

/** A raw request: the path is sent byte for byte, never normalized by a client. */
function rawGet(requestPath: string): Promise<{ status: number; body: string }> {
  const { port } = server.address() as { port: number };
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port, path: requestPath, method: 'GET' },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    request.on('error', reject);
    request.end();
  });
}

beforeAll(async () => {
  work = await tempDir('booster-app-origin-');
  rendererRoot = path.join(work.dir, 'renderer');
  await buildRenderer(rendererRoot);
  await buildStyleProbe(work.dir, path.join(rendererRoot, 'style-probe'));
  bridgeScript = await buildBridge(work.dir);
  // Beside the renderer folder, as the rest of the disk is: a script no page of ours may load.
  await writeFile(path.join(work.dir, 'outside.js'), 'globalThis.__outsideScriptRan = true;');
  await mkdir(path.join(work.dir, 'data'));

  const dataDir = path.join(work.dir, 'data');
  const keySource = createHeadlessKeySource({ dataDir });
  const logger = createConsoleLogger(process.stderr, 'error');
  services = await openBoosterServices({
    dataDir,
    fetch: (input, init) => fetch(input, init),
    secretStore: createFileSecretStore(dataDir, { sealingKey: secretsKeyOf(keySource) }),
    keySource,
    clock: createNodeClock(),
    logger,
    warn: () => undefined,
  });
  dispatch = createIpcDispatcher(services.handlers, { logger });
  server = await startAppServer(rendererRoot);
  const { port } = server.address() as { port: number };
  baseUrl = `http://127.0.0.1:${port}`;
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  // Whatever beforeAll got to before a failure is closed, and nothing else is waited for.
  if (server) await new Promise((resolve) => server.close(resolve));
  await services?.stop();
  await work?.remove();
});

/** A page with the bridge and a recorder of every CSP violation, set up before any of the page's scripts. */
async function openApp(): Promise<{
  context: BrowserContext;
  page: Page;
  violations: Violation[];
  consoleErrors: string[];
}> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const violations: Violation[] = [];
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await page.exposeBinding('__boosterInvoke', (_source, channel: string, request: unknown) =>
    dispatch(channel, request),
  );
  await page.exposeBinding('__reportViolation', (_source, violation: Violation) => {
    violations.push(violation);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (globalThis as unknown as { __reportViolation(v: unknown): void }).__reportViolation;
      report({
        directive: event.effectiveDirective,
        blocked: event.blockedURI,
        sample: event.sample,
        source: `${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`,
      });
    });
  });
  await page.addInitScript({ content: bridgeScript });
  services.onSyncChanged((payload) => {
    void page
      .evaluate(
        ([channel, data]) =>
          (globalThis as unknown as { __boosterPush?(c: string, p: unknown): void }).__boosterPush?.(
            channel as string,
            data,
          ),
        [ipcEvents.changed.channel, payload] as const,
      )
      .catch(() => undefined);
  });
  return { context, page, violations, consoleErrors };
}

async function openScreen(page: Page, name: string): Promise<void> {
  await page
    .getByRole('navigation')
    .getByRole('button', { name: new RegExp(`^${name}`) })
    .click();
}

const cspMessage = /Content Security Policy|Refused to (load|apply|execute)/i;

describe('the UI on its own origin, under the CSP header only', () => {
  it('answers every file with the policy of the issue', async () => {
    const answer = await fetch(`${baseUrl}/`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it('renders and is used with no CSP violation', async () => {
    const { context, page, violations, consoleErrors } = await openApp();
    try {
      await page.goto(`${baseUrl}/`);
      const lastName = page.getByLabel('Last name', { exact: true });
      await lastName.waitFor();
      // The bridge reached the real services: the draft key came, so typing saves an encrypted draft.
      expect(await page.evaluate(() => typeof (window as unknown as { booster?: object }).booster)).toBe(
        'object',
      );
      await lastName.fill('Cspcheck');
      await page.getByLabel('First name', { exact: true }).fill('Origin');
      // A required field left empty shows its error (error styles, icons).
      await lastName.fill('');
      await page.keyboard.press('Tab');
      await page.locator('[aria-invalid="true"]').first().waitFor();
      await lastName.fill('Cspcheck');
      // A picker's floating list is positioned by script (bits-ui, floating-ui).
      const country = page.getByRole('combobox', { name: 'Country', exact: true });
      await country.click();
      await country.pressSequentially('Fra');
      await page.getByRole('listbox').getByRole('option').first().waitFor();
      await screenshot(page, 'app-origin-picker');
      await country.press('Escape');
      for (const [screen, heading] of [
        ['Drafts', '#drafts-heading'],
        ['Sent and pending', '#outbox-heading'],
        ['Settings', '#settings-heading'],
      ] as const) {
        await openScreen(page, screen);
        await page.locator(heading).waitFor();
      }
      // Another language: its messages are a chunk loaded on demand.
      await page.getByLabel('Language of the app').selectOption('fr');
      await openScreen(page, 'Nouveau client');
      await page.getByLabel('Nom', { exact: true }).waitFor();
      await screenshot(page, 'app-origin-csp');

      expect(violations).toEqual([]);
      expect(consoleErrors.filter((text) => cspMessage.test(text) && !/unsafe-eval/.test(text))).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("enforces the policy: inline styles and scripts and another folder's script are refused", async () => {
    const { context, page, violations } = await openApp();
    try {
      await page.goto(`${baseUrl}/`);
      await page.getByLabel('Last name', { exact: true }).waitFor();
      expect(violations).toEqual([]);
      const outsideUrl = `file://${path.join(work.dir, 'outside.js')}`;
      const outcome = await page.evaluate(async (fileUrl) => {
        const probe = document.createElement('p');
        document.body.append(probe);
        probe.setAttribute('style', 'color: rgb(9, 9, 9)');
        const style = document.createElement('style');
        style.textContent = 'body { color: rgb(8, 8, 8) }';
        document.head.append(style);
        const inline = document.createElement('script');
        inline.textContent = 'globalThis.__inlineScriptRan = true;';
        document.body.append(inline);
        const load = (src: string) =>
          new Promise<string>((resolve) => {
            const script = document.createElement('script');
            script.src = src;
            script.onload = () => resolve('loaded');
            script.onerror = () => resolve('refused');
            document.body.append(script);
          });
        return {
          attributeStyleApplied: getComputedStyle(probe).color === 'rgb(9, 9, 9)',
          inlineStyleApplied: getComputedStyle(document.body).color === 'rgb(8, 8, 8)',
          inlineScriptRan: (globalThis as { __inlineScriptRan?: boolean }).__inlineScriptRan === true,
          fileScript: await load(fileUrl),
          traversalScript: await load('/%2e%2e/outside.js'),
          encodedTraversalScript: await load('/..%2foutside.js'),
          outsideScriptRan: (globalThis as { __outsideScriptRan?: boolean }).__outsideScriptRan === true,
        };
      }, outsideUrl);
      expect(outcome).toEqual({
        attributeStyleApplied: false,
        inlineStyleApplied: false,
        inlineScriptRan: false,
        // Chromium refuses a file: script to a page not itself on file:, before asking the policy (so does
        // Electron for app:// pages, the GrantFileProtocolExtraPrivileges fuse being off).
        fileScript: 'refused',
        traversalScript: 'refused',
        encodedTraversalScript: 'refused',
        outsideScriptRan: false,
      });
      await expect
        .poll(() => [...new Set(violations.map((violation) => violation.directive))].sort())
        .toEqual(['script-src-elem', 'style-src-attr', 'style-src-elem']);
    } finally {
      await context.close();
    }
  });

  it("allows Svelte's style: directives and dynamic style attributes (they go through the CSSOM)", async () => {
    const { context, page, violations } = await openApp();
    try {
      await page.goto(`${baseUrl}/`);
      await page.getByLabel('Last name', { exact: true }).waitFor();
      await page.evaluate(() => {
        const script = document.createElement('script');
        script.type = 'module';
        script.src = '/style-probe/bundle.js';
        document.head.append(script);
      });
      const probe = page.locator('#style-probe');
      await probe.waitFor();
      const styles = () =>
        probe.evaluate((element) => {
          const computed = getComputedStyle(element);
          return {
            color: computed.color,
            weight: computed.fontWeight,
            gap: computed.getPropertyValue('--probe-gap'),
          };
        });
      expect(await styles()).toEqual({ color: 'rgb(1, 2, 3)', weight: '300', gap: '3px' });
      await page.locator('#style-probe-change').click();
      await expect.poll(styles).toEqual({ color: 'rgb(4, 5, 6)', weight: '700', gap: '7px' });
      expect(violations).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('refuses every request outside the renderer folder with a 4xx, and never sends the file', async () => {
    for (const requestPath of [
      '/../outside.js',
      '/../../../../etc/passwd',
      '/%2e%2e/outside.js',
      '/..%2foutside.js',
      '/assets/..%2f..%2foutside.js',
      '/..%5coutside.js',
      '/assets/%2e%2e%2f%2e%2e%2foutside.js',
      '//outside.js',
      `/${encodeURIComponent(path.join(work.dir, 'outside.js'))}`,
      '/assets/',
      '/style-probe',
    ]) {
      const answer = await rawGet(requestPath);
      expect(answer.status, requestPath).toBeGreaterThanOrEqual(400);
      expect(answer.status, requestPath).toBeLessThan(500);
      expect(answer.body, requestPath).not.toContain('__outsideScriptRan');
    }
    expect((await rawGet('/index.html')).status).toBe(200);
  });
});
