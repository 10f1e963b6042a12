// The page side of bench/drafts-browser.bench.ts, run in Chromium: the app's own DraftStore, CaptureDb and
// draft crypto (compiled by Vite with the Svelte plugin, so the runes run as in the app), measured against a
// bare IndexedDB put of the same stored row. Plain JavaScript on purpose: the root tsconfig type-checks bench/
// for Node, and cannot compile renderer code (runes, DOM); renderer/tsconfig.json does not include bench/.
// Every figure is a list of durations in ms (performance.now()); the Node side takes the percentiles.
/* global window, document, indexedDB */
import { DraftStore, filterDrafts } from '../../../renderer/src/lib/drafts.svelte.ts';
import { CaptureDb } from '../../../renderer/src/lib/db.ts';
import { importDraftKey, seal, unseal } from '../../../renderer/src/lib/draftCrypto.ts';
import { sealRow } from '../../../renderer/src/lib/sealedDrafts.ts';
import { emptyDraft, newItem, searchTextOf } from '../../../renderer/src/lib/draftData.ts';

const now = () => performance.now();
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A fresh session key, as main hands it over: base64 of 32 random bytes. */
function randomKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return importDraftKey(btoa(String.fromCharCode(...bytes)));
}

const profile = {
  posCode: 'ES100:102048',
  brand: 'CAR',
  saleRepresentativeEmail: 'rep@maison.example',
  countryId: 'FR',
  languageId: 'fre',
};

const noteText =
  'Came in with her husband for the Panthère collection; tried the medium bracelet in yellow gold and asked ' +
  'for the small size to be ordered. Prefers appointments in the afternoon, never on Mondays. Anniversary in ' +
  'June: suggested a private viewing of the high-jewellery pieces. Speaks French and Italian; her assistant ' +
  'books appointments (call before 11). Allergic to nickel: no plated samples.';

/** Every item of `list` built the way the form builds rows (newItem), then typed into. */
function items(list, count, country, fill) {
  return Array.from({ length: count }, (_, i) => ({ ...newItem(list, i === 0, country), ...fill(i) }));
}

/**
 * A full client as the capture form holds it (DraftData): every field of CreateCustomer typed, several
 * emails, phones and addresses, events, interests, hobbies, product collections and a note.
 */
function fullDraft(index) {
  const draft = emptyDraft(profile);
  Object.assign(draft, {
    privacyPolicyAcceptanceStorage: true,
    tvPrivacyPolicyAcceptanceStorage: true,
    title: 'MRS',
    firstName: 'Giulia',
    lastName: `Bianchi-Morel${index}`,
    firstNameNotLatin: 'ジュリア',
    lastNameNotLatin: 'ビアンキ',
    middleName: 'Maria',
    nameSuffix: 'II',
    canBeContactedByMaison: true,
    clientType: 'PRIVATE',
    companyName: 'Bianchi & Figli S.p.A.',
    gender: 'F',
    birthDate: '1985-03-14',
    customerReference: `REF-2026-${index}`,
    weddingDate: '2012-06-23',
    preferredContactMethod: 'EMAIL',
    contactByEmailFlag: true,
    contactByMailFlag: true,
    contactByPhoneFlag: true,
    contactBySMSFlag: true,
    contactBySocialMediaFlag: false,
    allowStoreDataAbroad: true,
    tvAllowStoreDataAbroad: true,
    dataSharingConsent: true,
    notes: noteText,
    referenceSaleRepresentativeEmail: 'senior.rep@maison.example',
    registrationDate: '2026-11-30T09:15:00.000Z',
  });
  draft.emails = items('emails', 3, 'FR', (i) => ({
    email: ['giulia.bianchi@example.com', 'g.bianchi@studio-bianchi.it', 'giulia.assistant@example.org'][i],
  }));
  draft.phones = items('phones', 3, 'FR', (i) => ({
    ...[
      { countryPrefix: 'IT', phone: '347 123 4567', phoneType: 'Mobile' },
      { countryPrefix: 'FR', phone: '01 42 68 53 00', phoneType: 'Home' },
      { countryPrefix: 'CH', phone: '079 555 12 34', phoneType: 'Work' },
    ][i],
  }));
  draft.addresses = items('addresses', 2, 'FR', (i) => ({
    addressType: i === 0 ? 'Home' : 'Work',
    countryId: i === 0 ? 'IT' : 'FR',
    houseNumber: i === 0 ? '8' : '12',
    stateId: i === 0 ? 'Lombardia' : 'Île-de-France',
    city: i === 0 ? 'Milano' : 'Paris',
    zipCode: i === 0 ? '20121' : '75002',
    street: i === 0 ? 'Via Montenapoleone 8' : '12 rue de la Paix',
    street2: 'Scala B, interno 4',
    street3: 'Piano terzo',
    street4: 'Citofono Bianchi',
    street5: 'Portineria dalle 9 alle 18',
    poBox: 'BP 1234',
    additionalInformation: 'Deliveries to the concierge only, weekdays before 18:00.',
  }));
  draft.events = items('events', 2, 'FR', (i) => ({
    eventType: i === 0 ? 'ANNIVERSARY' : 'BIRTHDAY',
    eventDate: i === 0 ? '2027-06-23' : '2027-03-14',
    eventNotes: 'Flowers and a handwritten card from the boutique manager.',
    eventOtherName: i === 0 ? 'Wedding anniversary' : 'Birthday',
  }));
  draft.interests = items('interests', 5, 'FR', (i) => ({
    interest: ['High jewellery', 'Watches', 'Leather goods', 'Fragrances', 'Bridal'][i],
    sapInterestId: `INT0${i + 1}`,
    translation: ['Haute joaillerie', 'Horlogerie', 'Maroquinerie', 'Parfums', 'Mariage'][i],
  }));
  draft.hobbies = items('hobbies', 3, 'FR', (i) => ({
    hobby: ['Opera', 'Sailing', 'Contemporary art'][i],
    sapHobbyId: `HOB0${i + 1}`,
    translation: ['Opéra', 'Voile', 'Art contemporain'][i],
  }));
  draft.productCollections = items('productCollections', 3, 'FR', (i) => ({
    productCollection: ['Panthère', 'Juste un Clou', 'Love'][i],
    sapProductCollectionId: `COL0${i + 1}`,
    translation: ['Panthère', 'Juste un Clou', 'Love'][i],
  }));
  return draft;
}

/** Text fields of the draft (top level and in list items) left blank: a full record has none. */
function blankFields(draft) {
  const blanks = [];
  for (const [key, value] of Object.entries(draft)) {
    if (typeof value === 'string' && value === '') blanks.push(key);
    if (Array.isArray(value)) {
      if (value.length === 0) blanks.push(key);
      for (const item of value)
        for (const [field, text] of Object.entries(item))
          if (typeof text === 'string' && text === '') blanks.push(`${key}.${field}`);
    }
  }
  return [...new Set(blanks)];
}

/** A bare IndexedDB database with one store shaped like the app's drafts table (same key path and index). */
function openRawDb(name) {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => {
      const store = request.result.createObjectStore('drafts', { keyPath: 'captureId' });
      store.createIndex('updatedAt', 'updatedAt');
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** One put in its own transaction, resolved when the transaction has committed. */
function rawPut(db, row) {
  return new Promise((resolve, reject) => {
    const transaction = db.transaction('drafts', 'readwrite');
    transaction.objectStore('drafts').put(row);
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error);
  });
}

async function until(condition) {
  while (!condition()) await pause(0);
}

/** Wraps a Dexie table method on this instance to note when each call starts and settles. */
function timeCalls(table, method, marks) {
  const original = table[method];
  table[method] = function (...args) {
    marks[`${method}Start`] = now();
    return original.apply(this, args).then((value) => {
      marks[`${method}End`] = now();
      return value;
    });
  };
}

/**
 * Autosave of one full draft, as the form drives it: scheduleSave with a fresh snapshot (one more character of
 * the note, as typing gives), the rescue copy sealed meanwhile (the timer waits 250 ms; it takes well under
 * 1 ms), then the timer's flush(), timed until its promise resolves: the Dexie transaction has committed (Dexie
 * resolves an implicit transaction's put on its complete event). Interleaved with a bare IndexedDB put of the
 * very row the app stored, so both see the same machine. A second pass times the parts inside the same path.
 */
async function autosave({ iterations, warmup, gapMs }) {
  const key = await randomKey();
  const suffix = crypto.randomUUID();
  const db = new CaptureDb(`bench-autosave-${suffix}`);
  const store = new DraftStore(db, { draftKey: async () => key, rescue: localStorage });
  await store.start();
  const raw = await openRawDb(`bench-raw-${suffix}`);
  const captureId = crypto.randomUUID();
  const draft = fullDraft(1);
  const blanks = blankFields(draft);

  const typeOnce = async (i) => {
    draft.notes = `${noteText} ${'x'.repeat(i % 50)}`;
    store.scheduleSave(captureId, structuredClone(draft), []);
    await until(() => store.rescueReady);
  };

  const autosaveMs = [];
  const rawMs = [];
  for (let i = 0; i < warmup + iterations; i += 1) {
    await typeOnce(i);
    const started = now();
    await store.flush();
    const saved = now() - started;
    if (store.saveError) throw new Error(`autosave failed: ${store.saveError}`);
    const row = await db.drafts.get(captureId);
    const rawStarted = now();
    await rawPut(raw, row);
    const rawSaved = now() - rawStarted;
    if (i >= warmup) {
      autosaveMs.push(saved);
      rawMs.push(rawSaved);
    }
    await pause(gapMs);
  }

  // The parts, inside the same autosave path: read of the existing row (createdAt), sealing, the Dexie put to
  // its commit, and what follows (the in-memory index and state).
  const marks = {};
  timeCalls(db.drafts, 'get', marks);
  timeCalls(db.drafts, 'put', marks);
  const parts = { totalMs: [], readMs: [], sealMs: [], putMs: [], afterMs: [] };
  for (let i = 0; i < iterations; i += 1) {
    await typeOnce(i);
    const started = now();
    await store.flush();
    const ended = now();
    parts.totalMs.push(ended - started);
    parts.readMs.push(marks.getEnd - started);
    parts.sealMs.push(marks.putStart - marks.getEnd);
    parts.putMs.push(marks.putEnd - marks.putStart);
    parts.afterMs.push(ended - marks.putEnd);
    await pause(gapMs);
  }

  // Sealing alone (JSON + AES-GCM through WebCrypto), same content.
  const sealOnlyMs = [];
  for (let i = 0; i < iterations; i += 1) {
    const started = now();
    await seal(key, captureId, { data: draft, fieldErrors: [] });
    sealOnlyMs.push(now() - started);
  }

  const stored = await db.drafts.get(captureId);
  const result = {
    autosaveMs,
    rawMs,
    parts,
    sealOnlyMs,
    draftJsonBytes: JSON.stringify({ data: draft, fieldErrors: [] }).length,
    sealedBytes: stored.sealed.ciphertext.byteLength,
    blankFields: blanks,
  };
  raw.close();
  db.close();
  await Promise.all([db.delete(), deleteDatabase(`bench-raw-${suffix}`)]);
  return result;
}

function deleteDatabase(name) {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
}

const firstNames = [
  'Giulia', 'Marco', 'Sophie', 'Louis', 'Emma', 'Hugo', 'Chiara', 'Luca', 'Anna', 'Paul', 'Yuki', 'Hana',
  'Min-jun', 'Seo-yeon', 'Wei', 'Mei', 'Olivia', 'James', 'Charlotte', 'Henry', 'Lena', 'Felix', 'Amélie',
  'Théo', 'Isabella', 'Matteo', 'Camille', 'Arthur', 'Elena', 'Jonas', 'Sakura', 'Ren', 'Ji-woo', 'Hao',
  'Lin', 'Grace', 'Oscar', 'Clara', 'Noah', 'Zoé',
]; // prettier-ignore
const lastNames = [
  'Bianchi', 'Rossi', 'Martin', 'Bernard', 'Dubois', 'Moreau', 'Ferrari', 'Esposito', 'Romano', 'Colombo',
  'Tanaka', 'Suzuki', 'Takahashi', 'Kim', 'Lee', 'Park', 'Wang', 'Zhang', 'Smith', 'Johnson', 'Müller',
  'Schmidt', 'Schneider', 'Fischer', 'Laurent', 'Lefebvre', 'Girard', 'Ricci', 'Marino', 'Greco', 'Watanabe',
  'Ito', 'Choi', 'Jung', 'Chen', 'Liu', 'Brown', 'Taylor', 'Weber', 'Wagner', 'Dupont', 'Fontaine', 'Rousseau',
  'Blanc', 'Gallo', 'Conti', 'Yamamoto', 'Nakamura', 'Kang', 'Zhao', 'Wilson', 'Davies', 'Becker', 'Hoffmann',
  'Mercier', 'Bonnet', 'Costa', 'Giordano', 'Kobayashi', 'Huang',
]; // prettier-ignore
const phonePlans = [
  { countryPrefix: 'IT', prefix: '347' },
  { countryPrefix: 'FR', prefix: '06' },
  { countryPrefix: 'CH', prefix: '079' },
  { countryPrefix: 'DE', prefix: '0151' },
  { countryPrefix: 'GB', prefix: '07700' },
];

/** A deterministic, varied draft: what a busy event leaves behind (names, contacts, sometimes an address). */
function searchDraft(i) {
  const first = firstNames[i % firstNames.length];
  const last = lastNames[Math.floor(i / firstNames.length) % lastNames.length];
  const plan = phonePlans[i % phonePlans.length];
  const draft = emptyDraft(profile);
  draft.firstName = first;
  draft.lastName = i % 7 === 0 ? `${last}-${lastNames[(i * 13) % lastNames.length]}` : last;
  draft.title = i % 2 === 0 ? 'MRS' : 'MR';
  draft.gender = i % 2 === 0 ? 'F' : 'M';
  draft.emails[0].email = `${first}.${last}.${i}@example.com`.toLowerCase();
  draft.phones[0] = { ...draft.phones[0], ...phoneOf(plan, i) };
  if (i % 3 === 0) draft.phones.push({ ...newItem('phones', false, 'FR'), ...phoneOf(phonePlans[0], i * 7) });
  if (i % 2 === 0)
    draft.addresses = [
      { ...newItem('addresses', true, 'FR'), city: 'Paris', zipCode: '75002', street: `${i} rue de la Paix` },
    ];
  if (i % 4 === 0) draft.notes = noteText.slice(0, 120);
  return draft;
}

function phoneOf(plan, i) {
  const digits = String(1_000_000 + ((i * 7919) % 9_000_000)).slice(0, 7);
  return {
    countryPrefix: plan.countryPrefix,
    phone: `${plan.prefix} ${digits.slice(0, 3)} ${digits.slice(3)}`,
  };
}

/** 40 searches, one kind after another so that no two in a row are alike (no cached answer can be timed). */
function searchTerms(count) {
  const pick = (k) => (k * 7_919) % count;
  const kinds = [
    (k) => `${firstNames[pick(k) % firstNames.length]} ${lastNames[k % lastNames.length]}`, // full name
    (k) => lastNames[(k * 11) % lastNames.length], // last name
    (k) => lastNames[(k * 17) % lastNames.length].slice(0, 3 + (k % 2)).toLowerCase(), // partial
    (k) => searchDraft(pick(k)).emails[0].email, // an email
    (k) => searchDraft(pick(k)).phones[0].phone.split(' ').slice(0, 2).join(' '), // phone digits
    (k) => ['zqxwyt', 'nobody here', 'Qwertzuiop', 'xx-yy-zz'][k % 4], // nothing
  ];
  const terms = [];
  for (let k = 0; terms.length < 40; k += 1) terms.push(kinds[k % kinds.length](k));
  return terms;
}

/**
 * Search among `count` drafts: sealed and bulk-written straight into the DraftStore's database, then opened
 * by a new DraftStore (start(): read, unseal, index), then 40 searches through store.search / store.visible.
 * `visible` is a $derived: read outside any effect, Svelte recomputes it on that read when `search` changed,
 * so the read is what is timed; a second read of the same term shows the cached answer, and the count is
 * checked against the app's filterDrafts over the same drafts.
 */
async function search({ count, autosaves, gapMs, openParts }) {
  const key = await randomKey();
  const db = new CaptureDb(`bench-search-${crypto.randomUUID()}`);
  const startedFill = now();
  const base = Date.parse('2026-01-01T00:00:00.000Z');
  for (let from = 0; from < count; from += 2_000) {
    const rows = await Promise.all(
      Array.from({ length: Math.min(2_000, count - from) }, (_, k) => {
        const i = from + k;
        const at = new Date(base + i * 60_000).toISOString();
        return sealRow(key, {
          captureId: crypto.randomUUID(),
          createdAt: at,
          updatedAt: at,
          data: searchDraft(i),
          fieldErrors: [],
        });
      }),
    );
    await db.drafts.bulkPut(rows);
  }
  const fillMs = now() - startedFill;

  const store = new DraftStore(db, { draftKey: async () => key });
  const startedOpen = now();
  if (!(await store.start())) throw new Error('the draft store did not open');
  const openMs = now() - startedOpen;
  if (store.count !== count) throw new Error(`opened ${store.count} drafts of ${count}`);

  // Where the opening time goes, each step alone, after the store's own open (skipped in a quick run).
  let readMs;
  let unsealMs;
  if (openParts) {
    const startedRead = now();
    const stored = await db.drafts.toArray();
    readMs = now() - startedRead;
    const startedUnseal = now();
    await Promise.all(stored.map((row) => unseal(key, row.captureId, row.sealed)));
    unsealMs = now() - startedUnseal;
  }
  const startedIndex = now();
  const indexed = store.all.map((row) => ({ row, searchText: searchTextOf(row.data) }));
  const indexMs = now() - startedIndex;

  const searches = [];
  let previous = '';
  for (const term of searchTerms(count)) {
    if (term === previous) throw new Error(`two searches in a row for ${term}`);
    previous = term;
    const started = now();
    store.search = term;
    const visible = store.visible.length;
    const ms = now() - started;
    const startedAgain = now();
    const again = store.visible.length;
    const cachedMs = now() - startedAgain;
    const expected = filterDrafts(indexed, term).length;
    if (visible !== expected || again !== expected)
      throw new Error(`search ${term}: ${visible} shown, ${again} on a second read, ${expected} expected`);
    searches.push({ term, ms, cachedMs, visible });
  }
  store.search = '';

  // Autosave with this many drafts open: the in-memory index is rebuilt on every save.
  const marks = {};
  timeCalls(db.drafts, 'get', marks);
  timeCalls(db.drafts, 'put', marks);
  const autosaveParts = { totalMs: [], readMs: [], sealMs: [], putMs: [], afterMs: [] };
  const draft = fullDraft(2);
  const captureId = crypto.randomUUID();
  for (let i = 0; i < autosaves; i += 1) {
    draft.notes = `${noteText} ${'x'.repeat(i % 50)}`;
    store.scheduleSave(captureId, structuredClone(draft), []);
    const started = now();
    await store.flush();
    const ended = now();
    autosaveParts.totalMs.push(ended - started);
    autosaveParts.readMs.push(marks.getEnd - started);
    autosaveParts.sealMs.push(marks.putStart - marks.getEnd);
    autosaveParts.putMs.push(marks.putEnd - marks.putStart);
    autosaveParts.afterMs.push(ended - marks.putEnd);
    await pause(gapMs);
  }

  db.close();
  await db.delete();
  return { count, fillMs, openMs, readMs, unsealMs, indexMs, searches, autosaveParts };
}

window.draftsBench = { autosave, search };
document.getElementById('status').textContent = 'ready';
