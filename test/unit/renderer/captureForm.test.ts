import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import { englishMessages, testServices } from '../../support/renderer/setup';
import { validPrivateDraft } from '../../support/renderer/drafts';
import { ManualClock } from '../../support/renderer/manualClock';

beforeAll(englishMessages);

describe('CaptureForm finalize', () => {
  it('removes the draft only after main acknowledged the enqueue', async () => {
    const { services, fake } = testServices({ clock: new ManualClock('2026-11-28T10:15:00.000Z') });
    const { form, db } = services;
    form.data = validPrivateDraft();
    form.changed();
    const captureId = form.captureId!;

    let release!: () => void;
    fake.enqueueGate = new Promise((resolve) => (release = resolve));
    const finalizing = form.finalize();

    // While main has not answered, the draft is on disk (written before the request went out).
    await expect.poll(() => fake.calls.some((call) => call.method === 'outbox.enqueue')).toBe(true);
    expect(await db.drafts.get(captureId)).toBeDefined();
    expect(form.busy).toBe(true);

    release();
    const outcome = await finalizing;
    expect(outcome.kind).toBe('queued');
    expect(await db.drafts.get(captureId)).toBeUndefined();
    expect(fake.enqueued[0]?.captureId).toBe(captureId);
    expect(fake.enqueued[0]?.record).not.toHaveProperty('registrationDate');
    expect(fake.enqueued[0]?.record.lastName).toBe('Rossi');
    // The next client starts fresh, with the event profile and no capture id until someone types.
    expect(form.captureId).toBeUndefined();
    expect(form.data.lastName).toBe('');
  });

  it('keeps the draft and shows why when main refuses, mapping field errors onto the form', async () => {
    const { services, fake } = testServices();
    const { form } = services;
    // A blank first email row is left out of the record: main's 'emails.0' is the form's 'emails.1'.
    form.data = validPrivateDraft({
      emails: [
        { email: '', isMainEmail: false },
        { email: 'someone@example.com', isMainEmail: true },
      ],
    });
    form.changed();
    fake.enqueueError = {
      code: 'invalidRecord',
      message: 'The client record is not valid.',
      fields: [{ path: 'emails.0.email', code: 'invalidEmail', message: 'Email is not valid.' }],
    };

    const outcome = await form.finalize();
    expect(outcome.kind).toBe('failed');
    expect(form.failure?.code).toBe('invalidRecord');
    expect(form.errorFor('emails.1.email')?.code).toBe('invalidEmail');
    const row = await services.drafts.get(form.captureId!);
    expect(row?.data.lastName).toBe('Rossi');
    expect(row?.fieldErrors.map((issue) => issue.path)).toEqual(['emails.1.email']);
  });

  it('does not call main when the schema finds problems', async () => {
    const { services, fake } = testServices();
    const { form } = services;
    form.data = validPrivateDraft({ lastName: '', privacyPolicyAcceptanceStorage: false });
    const outcome = await form.finalize();
    expect(outcome.kind).toBe('invalid');
    if (outcome.kind === 'invalid') {
      expect(outcome.issues.map((issue) => issue.path).sort()).toEqual([
        'lastName',
        'privacyPolicyAcceptanceStorage',
      ]);
    }
    expect(fake.calls.some((call) => call.method === 'outbox.enqueue')).toBe(false);
  });

  it('warns about a draft or outbox entry with the same email before finalizing, then finalizes when confirmed', async () => {
    const { services, fake } = testServices();
    const { form, drafts } = services;
    await drafts.saveNow('44444444-4444-4444-8444-444444444444', validPrivateDraft({ lastName: 'Earlier' }));
    fake.matches = [
      {
        captureId: '55555555-5555-4555-8555-555555555555',
        state: 'sent',
        displayName: 'Rossi, M.',
        matchedOn: 'phone',
      },
    ];
    form.data = validPrivateDraft();
    form.changed();

    const first = await form.finalize();
    expect(first.kind).toBe('duplicates');
    if (first.kind === 'duplicates') {
      expect(first.matches.map((match) => [match.displayName, match.matchedOn, match.where])).toEqual([
        ['Earlier, Mario', 'email', 'draft'],
        ['Rossi, M.', 'phone', 'sent'],
      ]);
    }
    expect(fake.enqueued).toHaveLength(0);

    const second = await form.finalize({ duplicatesConfirmed: true });
    expect(second.kind).toBe('queued');
  });

  it('reopens a needsAttention record as a draft with the same capture id and Booster errors on its fields', async () => {
    const { services, fake } = testServices();
    const { form } = services;
    const captureId = '66666666-6666-4666-8666-666666666666';
    fake.reopenAnswer = {
      captureId,
      record: {
        clientType: 'PRIVATE',
        lastName: 'Blocked',
        title: 'Mr.',
        gender: 'M',
        languageId: 'eng',
        countryId: 'gb',
        posCode: 'ES100:102048',
        brand: 'CAR',
        privacyPolicyAcceptanceStorage: true,
        canBeContactedByMaison: false,
        birthDate: '1980-02-03T00:00:00.000Z',
        emails: [{ email: 'x@blocked.example', isMainEmail: true }],
      },
      fieldErrors: [{ path: 'emails.0.email', code: 'rejected', message: 'Email domain is not allowed' }],
      entry: {
        ...(await import('../../support/renderer/fakeBridge')).summaryFor(captureId, 'Blocked'),
        state: 'needsAttention',
      },
    };

    expect(await form.reopen(captureId)).toBeUndefined();
    expect(form.captureId).toBe(captureId);
    expect(form.data.emails[0]?.email).toBe('x@blocked.example');
    expect(form.data.birthDate).toBe('1980-02-03');
    expect(form.errorFor('emails.0.email')).toMatchObject({
      message: 'Email domain is not allowed',
      source: 'booster',
    });
    expect((await services.drafts.get(captureId))?.fieldErrors).toHaveLength(1);

    // Editing the field clears Booster's error; the fixed record is enqueued under the same capture id.
    form.data.emails[0]!.email = 'x@fixed.example';
    form.edited('emails.0.email');
    expect(form.errorFor('emails.0.email')).toBeUndefined();
    const outcome = await form.finalize({ duplicatesConfirmed: true });
    expect(outcome.kind).toBe('queued');
    expect(fake.enqueued[0]?.captureId).toBe(captureId);
  });
});

describe('CaptureForm main flags', () => {
  it('keeps exactly one main item when choosing, adding and removing', () => {
    const { services } = testServices();
    const { form } = services;
    form.addItem('emails');
    form.addItem('emails');
    expect(form.data.emails.map((item) => item.isMainEmail)).toEqual([true, false, false]);

    form.setMain('emails', 2);
    expect(form.data.emails.map((item) => item.isMainEmail)).toEqual([false, false, true]);

    form.removeItem('emails', 2);
    expect(form.data.emails.map((item) => item.isMainEmail)).toEqual([true, false]);

    form.removeItem('emails', 0);
    form.removeItem('emails', 0);
    form.addItem('emails');
    expect(form.data.emails.map((item) => item.isMainEmail)).toEqual([true]);
  });

  it('gives the client a capture id at the first change, not before', () => {
    const { services } = testServices();
    const { form } = services;
    expect(form.captureId).toBeUndefined();
    form.data.lastName = 'R';
    form.edited('lastName');
    expect(form.captureId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
