// npm run dev:web -- [--port P] [--data-dir DIR] [--booster-url URL --api-key KEY]
// Without a Booster URL it starts the Booster simulator too: one command shows the whole app in a browser.
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startWebHost, type WebHostOptions } from './index';

const usage = `Booster Capture web host: the real main-process services in Node, the UI in your browser.

Usage: npm run dev:web -- [options]

  --port <n>             port on 127.0.0.1 (default 5174; 0 = any free port)
  --data-dir <dir>       data folder (default ~/.booster-capture/web-host)
  --booster-url <url>    Booster environment to use, with --api-key (default: start the Booster simulator)
  --api-key <key>        API key for --booster-url
  --help                 show this help
`;

class UsageError extends Error {
  readonly code = 'usage';
}

function parseCommandLine(argv: string[]): WebHostOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'booster-url': { type: 'string' },
      'api-key': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return 'help';
  const port = Number(values.port ?? '5174');
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be 0..65535, not ${values.port}`);
  const boosterUrl = values['booster-url'];
  const apiKey = values['api-key'];
  if ((boosterUrl === undefined) !== (apiKey === undefined)) {
    throw new UsageError('--booster-url and --api-key go together');
  }
  const dataDir = path.resolve(values['data-dir'] ?? path.join(os.homedir(), '.booster-capture', 'web-host'));
  return {
    port,
    dataDir,
    hotReload: true,
    ...(boosterUrl !== undefined && apiKey !== undefined
      ? { boosterUrl, apiKey }
      : // The simulator keeps its customers beside our data, so sent clients still exist after a restart.
        { simulator: { dataFile: path.join(dataDir, 'simulator-customers.json') } }),
  };
}

async function main(): Promise<void> {
  let options: WebHostOptions | 'help';
  try {
    options = parseCommandLine(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    process.exitCode = 2;
    return;
  }
  if (options === 'help') {
    process.stdout.write(usage);
    return;
  }

  process.stderr.write('Starting the services…\n');
  const host = await startWebHost(options);
  process.stderr.write(
    `Data folder: ${host.dataDir}\n` +
      (host.simulator
        ? `Booster simulator: ${host.simulator.url} (API key ${host.simulator.apiKey})\n`
        : '') +
      (host.boosterUrl && !host.simulator ? `Booster: ${host.boosterUrl}\n` : '') +
      'Press Ctrl+C to stop.\n',
  );
  // The URL alone on stdout, so a script can read it.
  process.stdout.write(`${host.url}\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\n${signal}: stopping (waiting for the outbox to finish writing)…\n`);
    host.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`Stopping failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  const busy = (error as { code?: unknown }).code === 'EADDRINUSE';
  process.stderr.write(
    busy
      ? `That port is already in use. Pick another with --port, e.g. npm run dev:web -- --port 0\n`
      : `${message}\n`,
  );
  process.exit(1);
});
