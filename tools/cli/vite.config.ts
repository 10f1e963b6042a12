// Build of the operator CLI (`npm run build:cli`): tools/cli/main.ts and everything it imports, dependencies
// included, into one ESM file, out/cli/cli.mjs, that Node runs without transforming TypeScript at each call
// (tools/cli/launch.mjs prefers it while it is newer than its sources). A Vite SSR build: Node built-ins stay
// imports, nothing else does.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const outDir = path.join(projectRoot, 'out/cli');

/** Writes out/cli/inputs.json: the project files bundled, so the launcher can tell a stale build. */
function recordInputs(): Plugin {
  return {
    name: 'booster-cli-inputs',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = new Set<string>(['package-lock.json']);
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        for (const id of chunk.moduleIds) {
          const relative = path.relative(projectRoot, id.split('?')[0]!);
          if (
            !id.startsWith('\0') &&
            !relative.startsWith('..') &&
            !relative.includes('node_modules') &&
            !path.isAbsolute(relative)
          )
            files.add(relative.split(path.sep).join('/'));
        }
      }
      this.emitFile({
        type: 'asset',
        fileName: 'inputs.json',
        source: `${JSON.stringify([...files].sort(), null, 1)}\n`,
      });
    },
  };
}

export default defineConfig({
  root: projectRoot,
  logLevel: 'warn',
  plugins: [recordInputs()],
  // Bundle every dependency: one file to parse instead of hundreds to resolve and read.
  ssr: { noExternal: true, target: 'node' },
  build: {
    ssr: path.join(projectRoot, 'tools/cli/main.ts'),
    outDir,
    emptyOutDir: true,
    target: 'node20',
    sourcemap: false,
    minify: false,
    reportCompressedSize: false,
    rolldownOptions: {
      output: { format: 'esm', entryFileNames: 'cli.mjs', codeSplitting: false },
    },
  },
});
