// An update never touches user data: data folders written by earlier versions of the app (committed as
// fixtures, each produced by that version's own CLI: 3 clients queued, synced — 2 sent, 1 refused by Booster —
// then 2 more queued) open with this version, keep every client in its state, and send the unsent ones intact.
//   plain-9507a83:  before encryption at rest (bodies in clear JSON, a contact-salt file).
//   sealed-13ee58e: AES-256-GCM bodies under BOOSTER_DATA_KEY = 32 bytes of 0x07 (a test key, fake clients).
import { cp, chmod, readFile, readdir, rm, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliInProcess, projectRoot } from '../cli/cliRunner';
import { postCustomer, useBoosterSimulator } from '../../support/booster-sim';
import { minimalPrivateClientExample } from '../../support/arbitraries';

const fixtures = path.join(projectRoot, 'test/fixtures/data-folders');
const fixtureKey = Buffer.alloc(32, 7).toString('base64');

interface FixtureRecord extends Record<string, unknown> {
  captureId: string;
  lastName: string;
  phones: { phone: string; countryPrefix: string }[];
}

async function fixtureRecords(): Promise<FixtureRecord[]> {
  const read = async (name: string) =>
    JSON.parse(await readFile(path.join(fixtures, name), 'utf8')) as FixtureRecord[];
  return [...(await read('first.json')), ...(await read('second.json'))];
}

interface ListedEntry {
  captureId: string;
  state: string;
  displayName: string;
  boosterCustomerId?: number;
  attentionReason?: string;
  fieldErrors?: { field: string }[];
}

function listed(stdout: string): ListedEntry[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .flatMap((line) => {
      const value = JSON.parse(line) as { items?: ListedEntry[] };
      return value.items ?? [];
    });
}

const folders: string[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

/** A private copy of the fixture, with the modes the app gives its files (git keeps no modes). */
async function copyOf(fixture: string): Promise<string> {
  const parent = await mkdtemp(path.join(os.tmpdir(), 'booster-upgrade-'));
  folders.push(parent);
  const dataDir = path.join(parent, 'data');
  await cp(path.join(fixtures, fixture), dataDir, { recursive: true });
  await chmod(dataDir, 0o700);
  for (const name of await readdir(dataDir)) await chmod(path.join(dataDir, name), 0o600);
  return dataDir;
}

describe.each([
  { fixture: 'plain-9507a83', encryptedBefore: false },
  { fixture: 'sealed-13ee58e', encryptedBefore: true },
])('a data folder written by $fixture', ({ fixture, encryptedBefore }) => {
  const simulator = useBoosterSimulator();
  const env = { BOOSTER_DATA_KEY: fixtureKey };

  it('opens with every client in its state, and sends the unsent ones exactly as captured', async () => {
    const dataDir = await copyOf(fixture);
    const records = await fixtureRecords();

    const before = await runCliInProcess(['list', '--data-dir', dataDir, '--limit', '100'], { env });
    expect(before.code, before.stderr).toBe(0);
    const entries = listed(before.stdout);
    expect(entries.map((entry) => entry.captureId).sort()).toEqual(records.map((r) => r.captureId).sort());
    const byName = (lastName: string) => {
      const record = records.find((r) => r.lastName === lastName)!;
      return entries.find((entry) => entry.captureId === record.captureId)!;
    };
    // Sent before the update: still sent, with the id Booster gave them then.
    for (const lastName of ['Martin', 'Lefèvre']) {
      expect(byName(lastName)).toMatchObject({ state: 'sent' });
      expect(byName(lastName).boosterCustomerId).toBeGreaterThan(0);
      expect(byName(lastName).displayName).toContain(lastName);
    }
    // Refused by Booster before the update: still waiting for a person, with Booster's field error.
    expect(byName('Reject-Dupont')).toMatchObject({ state: 'needsAttention' });
    // Queued before the update: still queued.
    for (const lastName of ['Moreau', 'Zoë-Ångström']) expect(byName(lastName).state).toBe('pending');

    // This Booster already holds other clients (ids are unique across a Booster; a fresh simulator would
    // hand out again the ids the fixture's sent clients got from the simulator that made it).
    for (let other = 0; other < 5; other += 1)
      expect(
        (await postCustomer(simulator(), { ...minimalPrivateClientExample, lastName: `Other${other}` }))
          .status,
      ).toBe(200);
    const sync = await runCliInProcess(
      [
        'sync',
        '--data-dir',
        dataDir,
        '--booster-url',
        simulator().url,
        '--api-key',
        simulator().apiKey,
        // The folder was last set up for the Booster that made it: its waiting clients go to this one.
        '--queued-clients',
        'send-to-new',
      ],
      { env },
    );
    expect(sync.code, sync.stderr).toBe(0);
    const received = simulator().customers().slice(5);
    expect(received.map((customer) => (customer.body as { lastName: string }).lastName).sort()).toEqual(
      ['Moreau', 'Zoë-Ångström'].sort(),
    );
    for (const customer of received) {
      const body = customer.body as Record<string, unknown>;
      const { captureId: _captureId, ...captured } = records.find((r) => r.lastName === body.lastName)!;
      // Every captured field arrives with its value; phones in Booster's form (national digits).
      const { phones, ...rest } = captured;
      for (const [field, value] of Object.entries(rest)) expect(body[field], field).toEqual(value);
      expect(body.phones).toEqual([
        expect.objectContaining({
          phone: phones[0]!.phone.replace(/\D/g, '').replace(/^0/, ''),
          countryPrefix: phones[0]!.countryPrefix,
        }),
      ]);
    }

    // Whatever the old version wrote in clear is encrypted once the folder has been opened for writing.
    const journal = await readFile(path.join(dataDir, 'outbox.journal'));
    for (const record of records) expect(journal.includes(Buffer.from(record.lastName))).toBe(false);
    if (!encryptedBefore) expect(journal.includes(Buffer.from('elodie1@example.com'))).toBe(false);

    const after = listed((await runCliInProcess(['list', '--data-dir', dataDir], { env })).stdout);
    expect(after.filter((entry) => entry.state === 'sent')).toHaveLength(4);
    expect(after.filter((entry) => entry.state === 'needsAttention')).toHaveLength(1);
  });
});
