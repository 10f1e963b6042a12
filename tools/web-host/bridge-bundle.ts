// Bundles bridge-client.ts (and the shared contract and zod it imports) into one browser script.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const bridgeClientEntry = fileURLToPath(new URL('./bridge-client.ts', import.meta.url));

export async function bundleBridgeClient(): Promise<string> {
  const result = await build({
    entryPoints: [bridgeClientEntry],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild produced no bridge script');
  return output.text;
}
