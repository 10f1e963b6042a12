// A laptop after a day's work, read as an auditor would. Clients with unique values go through the app in a real
// Chromium with a kept profile: one sent to Booster, one drafted and deleted, one refused by Booster; the sent
// and the refused one are then erased from the outbox screen, and two stay to the end (one corrected and sent,
// one left refused) so that live entries are searched too. The erasure delay passes, the browser and the
// services stop. Then every byte written (the data folder, the browser profile, the key file, and the log: the
// services' log and the page's console) is searched for each client's names, emails and phone, the API key and
// the password. None may be there, in UTF-8 or UTF-16LE, in any case.
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes, randomInt } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startWebHost } from '../../tools/web-host/index';
import { startBoosterSimulator } from '../../tools/booster-sim/index';
import { createConsoleLogger } from '../../electron/main/core/platform/logger';
import { createKeyFileSource } from '../../electron/main/core/platform/dataKeys';
import {
  filesUnder,
  findInFiles,
  launchChromiumWithProfile,
  screenshot,
  tempDir,
  type Needle,
} from './support';
import { waitUntil } from '../support/waitUntil';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

/** Small, so the test waits for the compaction it asks for rather than the default minute. */
const erasureDelayMs = 1_000;
const refusal = 'Booster refuses this client.';
/** A draft with no personal value: the refused client is typed over it later. */
const witness = 'Witness';

/** Lower-case letters only: no value of one client can share a prefix with another's by chance. */
function token(length = 10): string {
  return [...randomBytes(length)].map((byte) => String.fromCharCode(0x61 + (byte % 26))).join('');
}

interface Client {
  last: string;
  first: string;
  email: string;
  /** As typed: a French mobile, in the event's default country. */
  phone: string;
  /** Its national significant number, which every stored form (compact, E.164) contains. */
  phoneDigits: string;
}

function uniqueClient(): Client {
  // A French mobile libphonenumber accepts: 06, then a digit its plan allows, then seven random digits.
  const digits = `${'0124578'[randomInt(7)]}${Array.from({ length: 7 }, () => randomInt(10)).join('')}`;
  return {
    last: `Zqxwyt${token()}`,
    first: `Fyzq${token()}`,
    email: `${token(12)}@erase-test.example`,
    phone: `06 ${digits.replace(/(\d\d)(?=\d)/g, '$1 ')}`,
    phoneDigits: `6${digits}`,
  };
}

function needlesOf(label: string, client: Client): Needle[] {
  return [
    { kind: `${label}: last name`, value: client.last },
    { kind: `${label}: first name`, value: client.first },
    { kind: `${label}: email`, value: client.email },
    // The local part alone still finds an email split or re-encoded around its '@'.
    { kind: `${label}: email (local part)`, value: client.email.split('@')[0]! },
    { kind: `${label}: phone as typed`, value: client.phone },
    { kind: `${label}: phone digits`, value: client.phoneDigits },
  ];
}

async function openScreen(page: Page, name: 'New client' | 'Drafts' | 'Sent and pending' | 'Settings') {
  await page
    .getByRole('navigation')
    .getByRole('button', { name: new RegExp(`^${name}`) })
    .click();
}

async function fillClient(page: Page, client: Client): Promise<void> {
  await openScreen(page, 'New client');
  await page.getByLabel('Title', { exact: true }).fill('Mrs.');
  await page.getByLabel('Last name', { exact: true }).fill(client.last);
  await page.getByLabel('First name', { exact: true }).fill(client.first);
  await page.getByLabel('Gender').selectOption({ label: 'Female' });
  await page.getByRole('group', { name: 'Email 1' }).getByLabel('Email', { exact: true }).fill(client.email);
  await page.getByRole('group', { name: 'Phone 1' }).getByLabel('Phone', { exact: true }).fill(client.phone);
  await page.getByLabel('Privacy policy acceptance for data storage', { exact: true }).check();
}

async function finalize(page: Page): Promise<void> {
  await page.keyboard.press('Control+Enter');
  await page
    .getByRole('status')
    .filter({ hasText: 'is queued for Booster' })
    .waitFor()
    .catch(async (error: unknown) => {
      await screenshot(page, 'data-at-rest-finalize-failed');
      throw error;
    });
  await expect.poll(() => page.getByLabel('Last name', { exact: true }).inputValue()).toBe('');
}

/** The outbox card of a client, found by the name it shows (and in this state, when given). */
function outboxCard(page: Page, client: Client, state?: 'sent' | 'needsAttention') {
  return page.locator(state ? `li.card[data-state="${state}"]` : 'li.card').filter({ hasText: client.last });
}

/**
 * Booster's answer for this client, shown on its card. The list is refreshed as a person would ("Refresh"):
 * the acknowledgement of a finalize can arrive after the push of its newer state and hide it (a race in
 * renderer/src/lib/outboxEntries.ts mergeEntries, which keeps the last summary merged, not the newest).
 */
async function waitForOutcome(page: Page, client: Client, state: 'sent' | 'needsAttention'): Promise<void> {
  const card = outboxCard(page, client, state);
  await waitUntil(
    async () => {
      if ((await card.count()) > 0) return true;
      await page.getByRole('button', { name: 'Refresh', exact: true }).click();
      return false;
    },
    `${client.last} to be ${state}`,
    60_000,
  ).catch(async (error: unknown) => {
    await screenshot(page, `data-at-rest-not-${state}`);
    throw error;
  });
}

/** "Erase local data" on the client's card, confirmed (the dialog handler accepts); fails with the app's error. */
async function eraseFromOutbox(page: Page, client: Client): Promise<void> {
  const card = outboxCard(page, client);
  await card.getByRole('button', { name: new RegExp(`^Erase local data of ${client.last}`) }).click();
  const refusedWith = page
    .getByRole('alert')
    .first()
    .waitFor()
    .then(async () => {
      throw new Error(`Erasing was refused: ${await page.getByRole('alert').first().textContent()}`);
    });
  // Whichever comes second is of no interest (the alert's wait ends with the page).
  refusedWith.catch(() => undefined);
  await Promise.race([card.waitFor({ state: 'detached' }), refusedWith]);
}

/** The field names of a draft row as the app stored it in IndexedDB (read past the app, as a forensic tool would). */
async function storedDraftFields(page: Page, captureId: string): Promise<string[]> {
  return page.evaluate(
    (id) =>
      new Promise<string[]>((resolve, reject) => {
        const opening = indexedDB.open('booster-capture');
        opening.onerror = () => reject(opening.error);
        opening.onsuccess = () => {
          const reading = opening.result.transaction('drafts').objectStore('drafts').get(id);
          reading.onerror = () => reject(reading.error);
          reading.onsuccess = () => {
            opening.result.close();
            resolve(Object.keys((reading.result ?? {}) as object).sort());
          };
        };
      }),
    captureId,
  );
}

/** Copies everything written to these streams into `log` too, until the returned function is called. */
function teeInto(log: Writable, ...streams: NodeJS.WriteStream[]): () => void {
  const originals = streams.map((stream) => stream.write);
  streams.forEach((stream, index) => {
    const original = originals[index]!;
    stream.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      log.write(chunk);
      return original.call(stream, chunk, ...rest);
    }) as typeof stream.write;
  });
  return () => streams.forEach((stream, index) => void (stream.write = originals[index]!));
}

describe('client data at rest', () => {
  it('leaves no personal value, API key or password in any file after capture, sync, delete and erase', async () => {
    const data = await tempDir('booster-e2e-rest-data-');
    cleanups.push(() => data.remove());
    const profile = await tempDir('booster-e2e-rest-profile-');
    cleanups.push(() => profile.remove());
    const logs = await tempDir('booster-e2e-rest-log-');
    cleanups.push(() => logs.remove());
    // The web host's key file, outside the data folder as it must be: it holds keys, never client data.
    const keys = await tempDir('booster-e2e-rest-keys-');
    cleanups.push(() => keys.remove());
    const keyFile = path.join(keys.dir, 'data.key');

    const sent = uniqueClient();
    const deleted = uniqueClient();
    const refused = uniqueClient();
    // Two that stay on the laptop to the end, so the search also covers live outbox entries: one Booster
    // refused for its email, corrected and sent (the first email is in old snapshots only); one left refused.
    const corrected = uniqueClient();
    const refusedEmail = `${token(12)}@erase-test.example`;
    const held = uniqueClient();
    const apiKey = `key-${token(24)}`;
    const password = `pw-${token(24)}`;
    const userName = 'staff@maison.example';

    const simulator = await startBoosterSimulator({
      port: 0,
      apiKey,
      users: [{ userName, password }],
      rejectRules: [
        { field: 'lastName', matches: `^(${refused.last}|${held.last})$`, message: refusal },
        { field: 'emails.*.email', matches: `^${refusedEmail}$`, message: refusal },
      ],
    });
    cleanups.push(() => simulator.close());

    // The services' log, at its most talkative, in a file: what a support person would be sent.
    const logFile = path.join(logs.dir, 'web-host.log');
    const logStream = createWriteStream(logFile, { flags: 'a' });
    const closeLog = () => new Promise<void>((resolve) => logStream.end(resolve));
    cleanups.push(closeLog);
    // And what the host prints itself (its warnings, Vite's), as `npm run dev:web > log 2>&1` would keep.
    const stopTee = teeInto(logStream, process.stdout, process.stderr);
    cleanups.push(async () => stopTee());
    const host = await startWebHost({
      dataDir: data.dir,
      logger: createConsoleLogger(logStream, 'debug'),
      keySource: createKeyFileSource(keyFile),
      erasureDelayMs,
    });
    cleanups.push(() => host.close());

    const context = await launchChromiumWithProfile(profile.dir);
    cleanups.push(() => context.close());
    const page = context.pages()[0] ?? (await context.newPage());
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // The renderer's console is part of the log (Electron's log file can take it in).
    page.on('console', (message) => logStream.write(`[page ${message.type()}] ${message.text()}\n`));
    const confirmations: string[] = [];
    page.on('dialog', (dialog) => {
      confirmations.push(dialog.message());
      void dialog.accept();
    });

    await page.goto(host.url);
    await page.getByRole('heading', { name: 'New client', level: 1 }).waitFor();

    // Sign in with the API key, then with user name and password: both are typed, both are secrets to look for.
    await openScreen(page, 'Settings');
    await page.getByLabel('Booster address').fill(simulator.url);
    await page.getByRole('radio', { name: 'API key' }).check();
    await page.locator('#booster-key').fill(apiKey);
    await page.getByRole('button', { name: 'Save and sign in' }).click();
    // Saving a key checks it with Booster at once (read-only GET /auth).
    await page.getByText('Saved and checked with Booster.').waitFor();
    await page.getByLabel('User name and password').check();
    await page.getByLabel('User name', { exact: true }).fill(userName);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Save and sign in' }).click();
    await expect.poll(() => simulator.requests().some((entry) => entry.outcome === 'signed-in')).toBe(true);
    await page.getByText(`Signed in to ${simulator.url}`).waitFor();

    await page.getByLabel('POS code', { exact: true }).fill('ES100:102048');
    await page.getByLabel('Brand', { exact: true }).fill('CAR');
    await page.getByLabel('Sale representative email').fill('rep@maison.example');
    // The event profile uses the capture form's own fields and pickers (labels included).
    await page.getByLabel('Country', { exact: true }).fill('fr');
    await page.getByLabel('Language', { exact: true }).fill('fre');
    await page.getByLabel('Language', { exact: true }).press('Tab');
    await page.getByRole('button', { name: 'Save event profile' }).click();
    await page.getByText('Event profile saved.').first().waitFor();

    // 1. Captured, finalized, sent: Booster has it.
    await fillClient(page, sent);
    await finalize(page);
    await openScreen(page, 'Sent and pending');
    await waitForOutcome(page, sent, 'sent');
    expect(JSON.stringify(simulator.customers())).toContain(sent.email);

    // 2. Drafted, then deleted with "Undo" left alone; it stays deleted after the page is reloaded. A witness
    //    draft (no personal value) saved after it shows when the list has loaded again.
    await fillClient(page, deleted);
    await openScreen(page, 'Drafts');
    const deletedId = await page
      .locator('li.card')
      .filter({ hasText: deleted.last })
      .getAttribute('data-capture-id');
    // Stored sealed: an id, times and a ciphertext; no field of the client.
    expect(await storedDraftFields(page, deletedId!)).toEqual([
      'captureId',
      'createdAt',
      'sealed',
      'updatedAt',
    ]);
    await page.getByRole('button', { name: new RegExp(`^Delete draft ${deleted.last}`) }).click();
    await page.getByRole('status').filter({ hasText: 'deleted' }).waitFor();
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await openScreen(page, 'New client');
    await page.getByLabel('Last name', { exact: true }).fill(witness);
    await openScreen(page, 'Drafts');
    await page.getByRole('button', { name: `Delete draft ${witness}` }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1 }).waitFor();
    await openScreen(page, 'Drafts');
    await page.getByRole('button', { name: `Delete draft ${witness}` }).waitFor();
    expect
      .soft(await page.locator('li.card .card-title').allTextContents(), 'the deleted draft came back')
      .toEqual([witness]);

    // 3. Finalized, refused by Booster, then erased: it will never reach Booster, and the app says so first.
    await fillClient(page, refused);
    await finalize(page);
    await openScreen(page, 'Sent and pending');
    const refusedCard = outboxCard(page, refused);
    await waitForOutcome(page, refused, 'needsAttention');
    await refusedCard.getByText(refusal).first().waitFor();
    const refusedId = await refusedCard.getAttribute('data-capture-id');
    await eraseFromOutbox(page, refused);
    expect.soft(confirmations).toEqual([expect.stringMatching(/never reach Booster/)]);
    expect.soft(confirmations[0]).toContain(refused.last);

    // 4. The sent client's local data erased too (a data-subject request after the event).
    const sentId = await outboxCard(page, sent).getAttribute('data-capture-id');
    await eraseFromOutbox(page, sent);
    expect.soft(confirmations).toHaveLength(2);
    await screenshot(page, 'data-at-rest-erased');

    // 5. Kept: one corrected after Booster refused its email, then sent; one left refused (its whole record).
    await fillClient(page, { ...corrected, email: refusedEmail });
    await finalize(page);
    await fillClient(page, held);
    await finalize(page);
    await openScreen(page, 'Sent and pending');
    await waitForOutcome(page, held, 'needsAttention');
    await waitForOutcome(page, corrected, 'needsAttention');
    await page.getByRole('button', { name: new RegExp(`^Edit and resend ${corrected.last}`) }).click();
    const email = page.getByRole('group', { name: 'Email 1' }).getByLabel('Email', { exact: true });
    await expect.poll(() => email.inputValue()).toBe(refusedEmail);
    await email.fill(corrected.email);
    await finalize(page);
    await openScreen(page, 'Sent and pending');
    await page.getByRole('button', { name: 'Sync now' }).click();
    await waitForOutcome(page, corrected, 'sent');
    expect(JSON.stringify(simulator.customers())).toContain(corrected.email);
    expect.soft(pageErrors).toEqual([]);

    // Within the erasure delay the journal is rewritten without either client: not even a dead line is left.
    // (Waited for on the files themselves; the search below runs whatever the outcome, to name every leak.)
    expect(refusedId).toBeTruthy();
    expect(sentId).toBeTruthy();
    const erasedIds: Needle[] = [
      { kind: 'sent client capture id', value: sentId! },
      { kind: 'refused client capture id', value: refusedId! },
    ];
    const leftInDataFolder = async () => findInFiles(await filesUnder(data.dir), erasedIds);
    await waitUntil(
      async () => (await leftInDataFolder()).length === 0,
      'the journal to be rewritten without the erased clients',
      erasureDelayMs + 30_000,
    ).catch(() => undefined);
    expect
      .soft(
        (await leftInDataFolder()).map((hit) => `${hit.kind} in ${path.relative(data.dir, hit.file)}`),
        'erased clients still in the data folder after the erasure delay',
      )
      .toEqual([]);

    // A control the search must find: a value the page itself puts in IndexedDB, in clear.
    const control = `Control${token()}`;
    await page.evaluate(
      (value) =>
        new Promise<void>((resolve, reject) => {
          const opening = indexedDB.open('data-at-rest-control', 1);
          opening.onupgradeneeded = () => opening.result.createObjectStore('values');
          opening.onerror = () => reject(opening.error);
          opening.onsuccess = () => {
            const transaction = opening.result.transaction('values', 'readwrite');
            transaction.objectStore('values').put(value, 'control');
            transaction.oncomplete = () => {
              opening.result.close();
              resolve();
            };
            transaction.onerror = () => reject(transaction.error);
          };
        }),
      control,
    );

    // Stop everything cleanly: the profile flushed, the services' writes finished, the log complete.
    await context.close();
    await host.close();
    await simulator.close();
    stopTee();
    await closeLog();

    const secrets: Needle[] = [
      { kind: 'API key', value: apiKey },
      { kind: 'password', value: password },
    ];
    const needles = [
      ...needlesOf('sent client', sent),
      ...needlesOf('deleted draft', deleted),
      ...needlesOf('refused client', refused),
      ...needlesOf('corrected client (sent, kept)', corrected),
      { kind: 'corrected client: refused email', value: refusedEmail },
      { kind: 'corrected client: refused email (local part)', value: refusedEmail.split('@')[0]! },
      ...needlesOf('held client (refused, kept)', held),
      ...secrets,
    ];
    const files = await filesUnder(data.dir, profile.dir, logFile, keys.dir);
    // The search looked where the data was: the journal, Chromium's IndexedDB, the log.
    expect(files.some((file) => path.basename(file) === 'outbox.journal')).toBe(true);
    expect(files).toContain(keyFile);
    expect(files.some((file) => file.includes(`${path.sep}IndexedDB${path.sep}`))).toBe(true);
    expect((await readFile(logFile, 'utf8')).length).toBeGreaterThan(0);

    expect(
      (await findInFiles(files, [{ kind: 'control', value: control }])).map((hit) =>
        describeLocation(hit.file, data.dir, profile.dir),
      ),
      'the control value the page stored in IndexedDB',
    ).toContainEqual(expect.stringMatching(/^browser profile: .*IndexedDB/));

    // Owner only: the data folder 0700, every file in it and the key file 0600.
    if (process.platform !== 'win32') {
      const loose = [];
      for (const file of [...(await filesUnder(data.dir)), keyFile]) {
        const mode = (await stat(file)).mode & 0o777;
        if (mode !== 0o600) loose.push(`${path.basename(file)} ${mode.toString(8)}`);
      }
      expect.soft(loose, 'files readable by others').toEqual([]);
      expect.soft(((await stat(data.dir)).mode & 0o777).toString(8), 'the data folder').toBe('700');
    }

    // LevelDB's write-ahead logs (*.log) hold values as written; its compacted tables (*.ldb) may be Snappy-
    // compressed, where a byte search could miss a value. A run this short never compacts: if one ever does,
    // say so rather than pass on bytes the search cannot read.
    expect(
      files
        .filter((file) => file.endsWith('.ldb') && /IndexedDB|Local Storage|Session Storage/.test(file))
        .map((file) => path.relative(profile.dir, file)),
      'compressed LevelDB tables the search cannot read',
    ).toEqual([]);
    const hits = await findInFiles(files, needles);
    const report = hits.map(
      (hit) => `${hit.kind} (${hit.encoding}) in ${describeLocation(hit.file, data.dir, profile.dir)}`,
    );
    expect(report).toEqual([]);
  });

  it('finds a value Chromium would store as UTF-16LE, in any case (the search itself works)', async () => {
    const folder = await tempDir('booster-e2e-rest-search-');
    cleanups.push(() => folder.remove());
    await writeFile(path.join(folder.dir, 'a.ldb'), Buffer.from('\u0000xx ZQXWYTabc xx', 'utf16le'));
    await writeFile(path.join(folder.dir, 'b.log'), 'no client here');
    const hits = await findInFiles(await filesUnder(folder.dir), [{ kind: 'name', value: 'Zqxwytabc' }]);
    expect(hits).toEqual([{ file: path.join(folder.dir, 'a.ldb'), kind: 'name', encoding: 'utf16le' }]);
  });
});

function describeLocation(file: string, dataDir: string, profileDir: string): string {
  if (file.startsWith(dataDir + path.sep)) return `data folder: ${path.relative(dataDir, file)}`;
  if (file.startsWith(profileDir + path.sep)) return `browser profile: ${path.relative(profileDir, file)}`;
  if (path.basename(file) === 'data.key') return 'key file';
  return file;
}
