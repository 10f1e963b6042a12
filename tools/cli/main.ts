// Entry of the operator CLI (`npm run -s cli -- …`): wires the real process into `run` (tools/cli/run.ts)
// and exits with its code as soon as it returns, so a socket still open to a Booster that never finishes
// an answer cannot keep the process alive past --max-wait-ms.
import { run } from './run';

const signalNumbers: Record<string, number> = { SIGINT: 2, SIGTERM: 15 };

function onStopSignal(listener: (signal: string) => void): () => void {
  let signalled = false;
  const handler = (signal: NodeJS.Signals) => {
    if (signalled) {
      // A second signal: the person does not want to wait for the bounded stop.
      process.stderr.write(
        `${signal} again: exiting now. Nothing is lost; interrupted sends are recovered.\n`,
      );
      process.exit(128 + (signalNumbers[signal] ?? 1));
    }
    signalled = true;
    listener(signal);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    // The handlers stay installed: a later signal must still end the process at once.
    signalled = true;
  };
}

/** stdin's first line, unless it is a terminal: the CLI never prompts (a script pipes it, or sets the env). */
async function stdinLine(): Promise<string | undefined> {
  if (process.stdin.isTTY) return undefined;
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n') || text.length > 8192) break;
  }
  const line = text.split(/\r?\n/, 1)[0];
  return line === '' ? undefined : line;
}

const code = await run(process.argv.slice(2), {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  fetch: globalThis.fetch,
  onStopSignal,
  stdinLine,
});
// Exit once what was written has reached the pipes.
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
