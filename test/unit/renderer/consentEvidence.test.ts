// The form's side of consent evidence: each staff tick and untick is recorded by main as staff's, in the UI
// language; a tick main could not record is sent again before finalize, and finalize waits for it; the
// country rule stops a cn client without the cross-border consent, in the UI language, naming China.
import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import { englishMessages, testServices } from '../../support/renderer/setup';
import { validPrivateDraft } from '../../support/renderer/drafts';
import { describeIssue } from '../../../renderer/src/lib/messages';

beforeAll(englishMessages);

const t = (id: string, options?: { values?: Record<string, string | number | boolean> }) =>
  id === 'errors.consentRequiredForCountry'
    ? `Clients from ${String(options?.values?.country)} must give the consent “${String(options?.values?.consent)}”.`
    : id === 'field.allowStoreDataAbroad'
      ? 'Cross-border transfer'
      : id;

describe('consent evidence from the form', () => {
  it('records each staff tick and untick, in order, as staff’s', async () => {
    const { services, fake } = testServices();
    const { form } = services;
    form.data = validPrivateDraft({ privacyPolicyAcceptanceStorage: false });
    form.changed();
    form.data.privacyPolicyAcceptanceStorage = true;
    form.edited('privacyPolicyAcceptanceStorage');
    form.data.dataSharingConsent = true;
    form.edited('dataSharingConsent');
    form.data.dataSharingConsent = false;
    form.edited('dataSharingConsent');
    form.edited('lastName');
    await expect.poll(() => fake.consentEvidence.length).toBe(3);
    expect(fake.consentEvidence.map((row) => [row.purpose, row.given, row.tickedBy, row.language])).toEqual([
      ['privacyPolicyAcceptanceStorage', true, 'staff', 'en'],
      ['dataSharingConsent', true, 'staff', 'en'],
      ['dataSharingConsent', false, 'staff', 'en'],
    ]);
    expect(fake.consentEvidence.every((row) => row.captureId === form.captureId)).toBe(true);
  });

  it('sends a tick main refused again before finalize, and finalizes only once it is recorded', async () => {
    const { services, fake } = testServices();
    const { form } = services;
    form.data = validPrivateDraft({ privacyPolicyAcceptanceStorage: true });
    form.changed();
    const record = fake.consent.record;
    let refuse = true;
    fake.consent.record = async (request) =>
      refuse ? { ok: false, error: { code: 'storageFailed', message: 'Disk full.' } } : record(request);
    form.edited('privacyPolicyAcceptanceStorage');
    await expect.poll(() => form.consent.lastError?.code).toBe('storageFailed');

    const refused = await form.finalize();
    expect(refused).toMatchObject({ kind: 'failed', error: { code: 'storageFailed' } });
    expect(fake.enqueued).toEqual([]);

    refuse = false;
    const queued = await form.finalize();
    expect(queued.kind).toBe('queued');
    expect(fake.consentEvidence.map((row) => row.purpose)).toEqual(['privacyPolicyAcceptanceStorage']);
  });

  it('stops a cn client without the cross-border consent, naming China and the consent', async () => {
    const { services, fake } = testServices();
    const { form } = services;
    form.data = validPrivateDraft({ countryId: 'cn', allowStoreDataAbroad: false });
    form.changed();
    const outcome = await form.finalize();
    expect(outcome.kind).toBe('invalid');
    const issue = form.issues.get('allowStoreDataAbroad')!;
    expect(issue.code).toBe('consentRequiredForCountry');
    expect(describeIssue(issue, t)).toBe('Clients from China must give the consent “Cross-border transfer”.');
    expect(fake.enqueued).toEqual([]);
    form.data.allowStoreDataAbroad = true;
    form.edited('allowStoreDataAbroad');
    expect((await form.finalize()).kind).toBe('queued');
  });
});
