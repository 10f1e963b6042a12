// What goes into the installers: a fresh electron-vite build (into a temp folder, as out/), put through the
// `files` rules of electron-builder.yml with electron-builder's own matcher, beside every file of the project.
// Only the build and package.json may pass, and the build must carry no test, map, .env, dev-only tool or
// undeclared dependency.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuilderConfig, packFilter, projectRoot } from './builderConfig';

/** Never walked: installed packages, VCS data, and builds (the fresh one stands in for out/). */
const notProjectFiles = new Set(['node_modules', '.git', 'out', 'dist', 'test-results', 'coverage']);
/** Files that could end up in out/ one day, to prove the rules keep them out. */
const strays = [
  'out/.env',
  'out/renderer/.env.production',
  'out/main/index.js.map',
  'out/renderer/assets/index.js.map',
  'out/web-renderer/index.html',
  'out/cli/cli.mjs',
];

interface Packed {
  /** Relative paths (posix) that electron-builder would put into app.asar. */
  files: string[];
  /** Contents of the packed files (strays aside: they do not exist), by relative path. */
  text: Map<string, string>;
}

let buildRoot: string;
let builtFiles: string[];
let packed: Packed;

async function listFiles(root: string, skip: Set<string> = new Set()): Promise<string[]> {
  const found: string[] = [];
  const visit = async (relative: string) => {
    for (const entry of await readdir(path.join(root, relative), { withFileTypes: true })) {
      if (relative === '' && skip.has(entry.name)) continue;
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) await visit(child);
      else found.push(child);
    }
  };
  await visit('');
  return found;
}

/** A file is packed when it and every folder above it pass the filter: the builder prunes folders it rejects. */
function applyRules(
  candidates: string[],
  keep: (absolute: string, isDirectory: boolean) => boolean,
): string[] {
  return candidates.filter((relative) => {
    const parts = relative.split('/');
    for (let depth = 1; depth < parts.length; depth += 1) {
      if (!keep(path.join(buildRoot, ...parts.slice(0, depth)), true)) return false;
    }
    return keep(path.join(buildRoot, ...parts), false);
  });
}

beforeAll(async () => {
  buildRoot = await mkdtemp(path.join(os.tmpdir(), 'booster-pack-'));
  await promisify(execFile)(
    process.execPath,
    [
      path.join(projectRoot, 'node_modules/electron-vite/bin/electron-vite.js'),
      'build',
      '--outDir',
      path.join(buildRoot, 'out'),
      '--logLevel',
      'warn',
    ],
    { cwd: projectRoot, maxBuffer: 16 * 1024 * 1024 },
  );
  builtFiles = (await listFiles(buildRoot)).sort();
  const candidates = [...(await listFiles(projectRoot, notProjectFiles)), ...builtFiles, ...strays];
  const files = applyRules(candidates, packFilter(await loadBuilderConfig(), buildRoot)).sort();
  const text = new Map<string, string>();
  for (const file of files.filter((relative) => !strays.includes(relative))) {
    const from = builtFiles.includes(file) ? buildRoot : projectRoot;
    text.set(file, await readFile(path.join(from, file), 'utf8'));
  }
  packed = { files, text };
}, 300_000);

afterAll(async () => {
  if (buildRoot) await rm(buildRoot, { recursive: true, force: true });
});

/** String literals of at least 24 characters in a TypeScript source. */
function longLiterals(source: string): string[] {
  return [...source.matchAll(/'([^'\\\n]{24,})'|"([^"\\\n]{24,})"|`([^`\\$\n]{24,})`/g)].map(
    (match) => (match[1] ?? match[2] ?? match[3])!,
  );
}

async function sourcesUnder(folder: string): Promise<string[]> {
  const files = await listFiles(path.join(projectRoot, folder));
  return Promise.all(
    files
      .filter((file) => /\.(ts|svelte|html|json|mjs|js)$/.test(file))
      .map((file) => readFile(path.join(projectRoot, folder, file), 'utf8')),
  );
}

/** Bare module names a bundle loads at run time (`node:` and Node built-ins left out). */
function runtimeImports(code: string): Set<string> {
  const specifiers = [
    ...code.matchAll(/\bfrom\s*["']([^"']+)["']/g),
    ...code.matchAll(/\bimport\s*["']([^"']+)["']/g),
    ...code.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g),
    ...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g),
  ].map((match) => match[1]!);
  const builtins = new Set(builtinModules);
  // Only what can be a module specifier: "from" and "import" also occur inside the bundle's own strings.
  const moduleSpecifier = /^(@[a-z0-9-~][\w.~-]*\/)?[a-z0-9-~][\w.~-]*(\/[\w.~@-]+)*$/i;
  const names = specifiers
    .filter((specifier) => moduleSpecifier.test(specifier))
    .filter((specifier) => !specifier.startsWith('.') && !specifier.startsWith('/'))
    .filter((specifier) => !specifier.startsWith('node:') && !builtins.has(specifier.split('/')[0]!))
    .map((specifier) =>
      specifier
        .split('/')
        .slice(0, specifier.startsWith('@') ? 2 : 1)
        .join('/'),
    );
  return new Set(names);
}

describe('what electron-builder packs', () => {
  it('is package.json and the electron-vite build (main, preload, renderer), nothing else', () => {
    expect(packed.files).toContain('package.json');
    expect(packed.files).toContain('out/main/index.js');
    expect(packed.files).toContain('out/preload/index.cjs');
    expect(packed.files).toContain('out/renderer/index.html');
    const outside = packed.files.filter(
      (file) => file !== 'package.json' && !/^out\/(main|preload|renderer)\//.test(file),
    );
    expect(outside).toEqual([]);
    // Every file of the build goes in: the rules drop nothing the app needs.
    expect(builtFiles.filter((file) => !packed.files.includes(file))).toEqual([]);
  });

  it("includes the entry point named by package.json's main", async () => {
    const manifest = JSON.parse(await readFile(path.join(projectRoot, 'package.json'), 'utf8')) as {
      main: string;
    };
    expect(packed.files).toContain(path.posix.normalize(manifest.main));
  });

  it('holds no test, source map or .env file, even one that lands in out/', () => {
    const forbidden = packed.files.filter(
      (file) =>
        /(^|\/)(test|tests|__tests__|e2e)\//.test(file) ||
        /\.(test|spec|bench)\.[cm]?[jt]sx?$/.test(file) ||
        /\.map$/.test(file) ||
        /(^|\/)\.env(\.|$)/.test(file),
    );
    expect(forbidden).toEqual([]);
    expect(packed.files.filter((file) => strays.includes(file))).toEqual([]);
    // Production builds emit no map at all (electron.vite.config.ts), so nothing relies on the exclusion.
    expect(builtFiles.filter((file) => file.endsWith('.map'))).toEqual([]);
    for (const [file, code] of packed.text) expect(code, file).not.toMatch(/sourceMappingURL=/);
  });

  it.each(['tools/web-host', 'tools/booster-sim', 'tools/cli'])(
    'carries no code of %s (its own long strings appear in no packed file)',
    async (tool) => {
      const appSources = (
        await Promise.all(['electron', 'shared', 'renderer'].map((folder) => sourcesUnder(folder)))
      )
        .flat()
        .join('\n');
      // Strings only the tool has: a message the app also has proves nothing either way.
      const distinctive = [...new Set((await sourcesUnder(tool)).flatMap(longLiterals))].filter(
        (literal) => !appSources.includes(literal),
      );
      expect(distinctive.length).toBeGreaterThanOrEqual(5);
      const found = [...packed.text].flatMap(([file, code]) =>
        distinctive.filter((literal) => code.includes(literal)).map((literal) => `${file}: ${literal}`),
      );
      expect(found).toEqual([]);
    },
  );

  it('declares every package the main process loads as a runtime dependency, and no dev dependency', async () => {
    const manifest = JSON.parse(await readFile(path.join(projectRoot, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    const dependencies = Object.keys(manifest.dependencies);
    const loaded = new Set<string>();
    for (const [file, code] of packed.text) {
      if (/^out\/(main|preload)\//.test(file)) for (const name of runtimeImports(code)) loaded.add(name);
    }
    loaded.delete('electron'); // Electron's own module, provided by the binary
    expect(loaded.size).toBeGreaterThan(0);
    expect([...loaded].filter((name) => !dependencies.includes(name))).toEqual([]);
    expect(dependencies.filter((name) => name in manifest.devDependencies)).toEqual([]);
    expect(dependencies).not.toContain('electron');

    // A dependency main does not load must be one the main build inlines on purpose; it is then shipped
    // for nothing, and could move to devDependencies.
    const { default: viteConfig } = (await import('../../../electron.vite.config')) as {
      default: { main?: { build?: { externalizeDeps?: { exclude?: string[] } } } };
    };
    const inlined = viteConfig.main?.build?.externalizeDeps?.exclude ?? [];
    expect(dependencies.filter((name) => !loaded.has(name) && !inlined.includes(name))).toEqual([]);
  });

  it('has the preload as one CommonJS file that requires nothing but electron', () => {
    const preloadFiles = packed.files.filter((file) => file.startsWith('out/preload/'));
    expect(preloadFiles).toEqual(['out/preload/index.cjs']);
    const code = packed.text.get('out/preload/index.cjs')!;
    expect([...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((match) => match[1])).toEqual([
      'electron',
    ]);
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
    expect(code).not.toMatch(/\bimport\(/);
  });
});
