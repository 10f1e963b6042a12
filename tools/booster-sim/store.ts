// What the simulator created, optionally persisted to a JSON file. Durable first: the file is written
// (atomically) before memory changes and before the response goes out. Creations run one at a time so
// that two requests with the same Idempotency-Key cannot both create.
import { chmod, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';

export interface CreatedCustomer {
  boosterCustomerId: number;
  /** The JSON body exactly as received. */
  body: unknown;
  /**
   * What Booster keeps of it: unknown (e.g. misspelt) properties dropped, absent flags false, dates and codes
   * normalized. A test that finds a value in `body` but not here has found a property Booster ignores.
   */
  record?: unknown;
  idempotencyKey: string | null;
  receivedAt: string;
}

const storedStateSchema = z.object({
  version: z.literal(1),
  nextId: z.int().min(1),
  customers: z.array(
    z.object({
      boosterCustomerId: z.int().min(1),
      body: z.unknown(),
      record: z.unknown().optional(),
      idempotencyKey: z.string().nullable(),
      receivedAt: z.string(),
    }),
  ),
});

interface StoreState {
  nextId: number;
  customers: CreatedCustomer[];
}

export class DataFileError extends Error {
  readonly code = 'SIM_DATA_FILE_INVALID';
  override readonly name = 'DataFileError';
}

export class CustomerStore {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private state: StoreState,
    private readonly dataFile: string | null,
  ) {}

  /**
   * Loads the data file if there is one; ids continue after the highest id stored. Its folder is created
   * 0700 if missing, and a file left readable by others (an older simulator's) is tightened to 0600.
   */
  static async open(dataFile: string | null): Promise<CustomerStore> {
    if (!dataFile) return new CustomerStore({ nextId: 1, customers: [] }, null);
    // mode applies only to the folders this creates; an existing folder is the user's choice.
    await mkdir(path.dirname(dataFile), { recursive: true, mode: 0o700 });
    let text: string;
    try {
      text = await readFile(dataFile, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        return new CustomerStore({ nextId: 1, customers: [] }, dataFile);
      throw error;
    }
    // On Windows chmod only sets the read-only flag; the profile's ACL protects the file there.
    if (process.platform !== 'win32') await chmod(dataFile, 0o600);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new DataFileError(`Data file ${dataFile} is not valid JSON: fix or remove it.`);
    }
    const parsed = storedStateSchema.safeParse(json);
    if (!parsed.success) {
      throw new DataFileError(
        `Data file ${dataFile} is not a simulator data file: ${parsed.error.issues[0]?.message}`,
      );
    }
    const highestId = Math.max(0, ...parsed.data.customers.map((customer) => customer.boosterCustomerId));
    const state = { nextId: Math.max(parsed.data.nextId, highestId + 1), customers: parsed.data.customers };
    return new CustomerStore(state as StoreState, dataFile);
  }

  list(): CreatedCustomer[] {
    return structuredClone(this.state.customers);
  }

  findByIdempotencyKey(key: string): CreatedCustomer | null {
    return this.state.customers.find((customer) => customer.idempotencyKey === key) ?? null;
  }

  /**
   * Creates a customer with the next id. With `replayKnownKey`, a key already stored returns that customer
   * instead (`replayed: true`), checked inside the queue so concurrent duplicates cannot both create.
   */
  create(
    received: Pick<CreatedCustomer, 'body' | 'record'>,
    idempotencyKey: string | null,
    receivedAt: string,
    replayKnownKey: boolean,
  ): Promise<{ customer: CreatedCustomer; replayed: boolean }> {
    return this.enqueue(async () => {
      const known = replayKnownKey && idempotencyKey ? this.findByIdempotencyKey(idempotencyKey) : null;
      if (known) return { customer: known, replayed: true };
      const customer: CreatedCustomer = {
        boosterCustomerId: this.state.nextId,
        body: received.body,
        record: received.record,
        idempotencyKey,
        receivedAt,
      };
      await this.commit({ nextId: this.state.nextId + 1, customers: [...this.state.customers, customer] });
      return { customer, replayed: false };
    });
  }

  /** Forgets every customer; ids keep increasing, as Booster never reuses one. */
  clear(): Promise<void> {
    return this.enqueue(() => this.commit({ nextId: this.state.nextId, customers: [] }));
  }

  /** Resolves once every pending write has finished. */
  async idle(): Promise<void> {
    await this.queue.catch(() => undefined);
  }

  private async commit(next: StoreState): Promise<void> {
    if (this.dataFile) {
      const stored = { version: 1, nextId: next.nextId, customers: next.customers };
      // Created customers are personal data: readable by their owner only.
      await writeFileAtomic(this.dataFile, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
    }
    this.state = next;
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.catch(() => undefined).then(task);
    this.queue = run;
    return run;
  }
}
