// Helpers for the end-to-end tests: a free port, a temp folder, Chromium from Debian (with a throwaway or a
// kept profile), screenshots, and a byte search through every file a run wrote.
import { createServer } from 'node:net';
import { lstat, mkdtemp, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const chromiumPath = '/usr/bin/chromium';

/** A port nobody listens on now: Booster will be "unreachable" there until a simulator is started on it. */
export async function reservePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function tempDir(prefix: string): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}

/**
 * Chromium with its profile (IndexedDB, localStorage, caches, autofill) kept in `profileDir`, as a staff
 * laptop's would be, so that a test can read what the browser wrote. Close the context to flush it.
 */
export async function launchChromiumWithProfile(profileDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    // The disk cache too, which Chromium would otherwise put beside the profile rather than in it.
    args: [...chromiumArgs, `--disk-cache-dir=${path.join(profileDir, 'disk-cache')}`],
    viewport: { width: 1280, height: 800 },
  });
}

const screenshotDir = path.resolve('test-results/screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: false });
}

/** A value that must not be found, and what it is (the report names the kind, never the value). */
export interface Needle {
  kind: string;
  value: string;
}

export interface FileHit {
  file: string;
  kind: string;
  encoding: 'utf8' | 'utf16le';
}

/** Every regular file under these roots (a missing root is skipped; symbolic links are not followed). */
export async function filesUnder(...roots: string[]): Promise<string[]> {
  const files: string[] = [];
  const visit = async (entry: string): Promise<void> => {
    const stats = await lstat(entry).catch(() => undefined);
    if (stats?.isDirectory()) {
      for (const name of (await readdir(entry)).sort()) await visit(path.join(entry, name));
    } else if (stats?.isFile()) files.push(entry);
  };
  for (const root of roots) await visit(root);
  return files;
}

/** ASCII letters folded to lower case, byte by byte: works on UTF-8 and on UTF-16LE alike. */
function foldAscii(bytes: Buffer): Buffer {
  const folded = Buffer.from(bytes);
  for (let index = 0; index < folded.length; index += 1) {
    const byte = folded[index]!;
    if (byte >= 0x41 && byte <= 0x5a) folded[index] = byte + 0x20;
  }
  return folded;
}

/**
 * Searches the raw bytes of each file for each value, ignoring ASCII case, as UTF-8 and as UTF-16LE (Chromium
 * stores some strings in IndexedDB and localStorage that way). Answers every hit, with the file.
 */
export async function findInFiles(files: readonly string[], needles: readonly Needle[]): Promise<FileHit[]> {
  const patterns = needles.flatMap(({ kind, value }) =>
    (['utf8', 'utf16le'] as const).map((encoding) => ({
      kind,
      encoding,
      bytes: foldAscii(Buffer.from(value, encoding)),
    })),
  );
  const hits: FileHit[] = [];
  for (const file of files) {
    // A file removed between the listing and the read (a lock, a journal being compacted) held nothing now.
    const content = await readFile(file).catch(() => undefined);
    if (!content) continue;
    const folded = foldAscii(content);
    for (const { kind, encoding, bytes } of patterns) {
      if (folded.includes(bytes)) hits.push({ file, kind, encoding });
    }
  }
  return hits;
}

/** Saves the event profile a pop-up store uses, from the Settings screen already open, through its pickers
 *  (a name or a code picks the entry when the box is left), and waits for main to confirm. */
export async function saveEventProfile(page: Page): Promise<void> {
  const profile = page.getByRole('form', { name: 'Event profile' });
  for (const [label, text] of [
    ['POS code', 'ES100:102048'],
    ['Brand', 'CAR'],
    ['Country', 'fr'],
    ['Language', 'fre'],
  ] as const) {
    const box = profile.getByLabel(label, { exact: true });
    await box.fill(text);
    await box.press('Tab');
  }
  await profile.getByLabel('Sale representative email').fill('rep@maison.example');
  await profile.getByRole('button', { name: 'Save event profile' }).click();
  await profile.getByRole('status').filter({ hasText: 'Event profile saved.' }).waitFor();
}
