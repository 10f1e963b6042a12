// What `npm run cli` runs: the built CLI (out/cli/cli.mjs, made by `npm run build:cli`) while it is newer than
// every file it was built from (out/cli/inputs.json), else the TypeScript source through tsx: slower to start,
// never stale. Plain JavaScript, so choosing costs a few file stats and no transform.
import { readFileSync, statSync } from 'node:fs';

const projectRoot = new URL('../../', import.meta.url);
const built = new URL('out/cli/cli.mjs', projectRoot);

/** 'current', 'stale' (sources changed since the build) or 'absent'. */
function builtCli() {
  let builtAt;
  try {
    builtAt = statSync(built).mtimeMs;
  } catch {
    return 'absent';
  }
  try {
    const inputs = JSON.parse(readFileSync(new URL('out/cli/inputs.json', projectRoot), 'utf8'));
    if (!Array.isArray(inputs) || inputs.length === 0) return 'stale';
    // A deleted input throws: stale too.
    return inputs.every((file) => statSync(new URL(file, projectRoot)).mtimeMs <= builtAt)
      ? 'current'
      : 'stale';
  } catch {
    return 'stale';
  }
}

const state = builtCli();
if (state === 'current') {
  await import(built.href);
} else {
  if (state === 'stale')
    process.stderr.write(
      'Note: out/cli/cli.mjs is older than the CLI sources; running from source (slower start). ' +
        'Run npm run build:cli to rebuild it.\n',
    );
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('tools/cli/main.ts', projectRoot).href);
}
