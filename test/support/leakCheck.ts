// Vitest global setup: the run fails if any process a test started outlives the tests (a simulator, a CLI,
// a web host, Chromium). Every such process inherits BOOSTER_TEST_RUN from this run through its
// environment, so the check finds them wherever they were re-parented, and never mistakes a process of
// another run (another checkout, another person's `npm test`) for one of ours.
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';

const variable = 'BOOSTER_TEST_RUN';
/** A process being killed by a test's cleanup may need a moment to go; a leaked one never goes. (Under
 *  vitest's teardownTimeout, 10 s, after which it exits without waiting for us.) */
const graceMs = 5_000;

interface Leftover {
  pid: number;
  args: string;
}

export function setup(): () => Promise<void> {
  // Each project of the run calls this: they share one id.
  const ours = process.env[variable]?.startsWith(`${process.pid}-`);
  const runId = ours ? process.env[variable]! : `${process.pid}-${randomUUID()}`;
  process.env[variable] = runId;
  return async () => {
    if (process.platform !== 'linux') return; // reads /proc; CI runs Linux
    const left = await leftoversAfterGrace(runId);
    if (left.length === 0) return;
    for (const { pid } of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone in the meantime.
      }
    }
    // An error thrown here is printed, but leaves the exit code as the tests set it.
    process.exitCode = 1;
    throw new Error(
      `${left.length} process(es) started by the tests were still running after them (killed now). ` +
        'A test must stop every process it starts, and wait for it to exit:\n' +
        left.map(({ pid, args }) => `  ${pid} ${args}`).join('\n'),
    );
  };
}

async function leftoversAfterGrace(runId: string): Promise<Leftover[]> {
  const deadline = performance.now() + graceMs;
  for (;;) {
    const left = await leftovers(runId);
    if (left.length === 0 || performance.now() >= deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Processes carrying this run's id, other than vitest itself and its own workers. */
async function leftovers(runId: string): Promise<Leftover[]> {
  const marker = `${variable}=${runId}`;
  const found: Leftover[] = [];
  for (const entry of await fs.readdir('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    // Unreadable (another user's) or gone: not ours. A zombie's environment reads as empty.
    const environ = await fs.readFile(`/proc/${pid}/environ`, 'utf8').catch(() => '');
    if (!environ.split('\0').includes(marker)) continue;
    const args = (await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => ''))
      .split('\0')
      .join(' ')
      .trim();
    if (isVitestWorker(args)) continue;
    found.push({ pid, args });
  }
  return found;
}

function isVitestWorker(args: string): boolean {
  return /node_modules\/(vitest|tinypool)\//.test(args);
}
