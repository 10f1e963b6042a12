// The form is derived from the contract: these tests fail when the two drift apart.
import { describe, expect, it } from 'vitest';
import { customerObject } from '../../../shared/booster/schema';
import {
  contractPaths,
  itemFieldsOf,
  listKeys,
  requiredFields,
  requiredItemFields,
} from '../../../shared/booster/form-model';
import { buildRecord, draftFromRecord, emptyDraft, newItem } from '../../../renderer/src/lib/draftData';
import { formSections, notTyped, requirementOf, shownPaths } from '../../../renderer/src/lib/formLayout';
import { validPrivateDraft } from '../../support/renderer/drafts';

const profile = {
  posCode: 'ES100:102048',
  brand: 'CAR',
  saleRepresentativeEmail: 'rep@maison.example',
  countryId: 'fr',
  languageId: 'fre',
};

describe('the form derived from the contract', () => {
  it('shows every field of the contract once, apart from those never typed', () => {
    const shown = shownPaths();
    expect(new Set(shown).size).toBe(shown.length);
    expect([...shown, ...notTyped].sort()).toEqual(contractPaths().sort());
  });

  it('gives every section a distinct id', () => {
    const ids = formSections.map((section) => section.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('starts from an empty draft with exactly the contract fields, in the stored shape', () => {
    const draft = emptyDraft(profile);
    expect(Object.keys(draft).sort()).toEqual(Object.keys(customerObject.shape).sort());
    for (const list of listKeys) {
      const item = newItem(list, true, 'fr') as object;
      expect(Object.keys(item).sort()).toEqual(
        itemFieldsOf(list)
          .map((field) => field.key)
          .sort(),
      );
    }
    // Drafts stored before the form was derived must still load: the same values as then.
    expect(draft).toMatchObject({
      clientType: 'PRIVATE',
      lastName: '',
      countryId: 'fr',
      languageId: 'fre',
      posCode: 'ES100:102048',
      canBeContactedByMaison: false,
      contactBySMSFlag: false,
      emails: [{ email: '', isMainEmail: true }],
      phones: [{ phone: '', countryPrefix: 'fr', phoneType: 'Mobile', isMainPhone: true }],
      addresses: [],
      registrationDate: '',
    });
    expect(newItem('addresses', false, 'it')).toMatchObject({
      addressType: 'Home',
      countryId: 'it',
      street: '',
      isMainAddress: false,
    });
  });

  it('marks as required what the contract requires, and item fields as required only once added', () => {
    expect([...requiredFields('PRIVATE')].sort()).toEqual(
      [
        'brand',
        'clientType',
        'countryId',
        'gender',
        'languageId',
        'lastName',
        'posCode',
        'privacyPolicyAcceptanceStorage',
        'title',
      ].sort(),
    );
    expect(requiredFields('COMPANY').has('companyName')).toBe(true);
    expect(requiredFields('COMPANY').has('lastName')).toBe(false);
    expect(requiredItemFields('emails').has('email')).toBe(true);
    expect(requiredItemFields('phones').has('phoneType')).toBe(false);
    // A yes/no box answers "no" when left unticked; only a box that must be ticked is marked.
    expect(requiredItemFields('emails').has('isMainEmail')).toBe(false);

    expect(requirementOf('lastName', 'PRIVATE')).toBe('required');
    expect(requirementOf('lastName', 'COMPANY')).toBeUndefined();
    expect(requirementOf('emails.0.email', 'PRIVATE')).toBe('ifAdded');
    expect(requirementOf('phones.1.phone', 'PRIVATE')).toBe('ifAdded');
    expect(requirementOf('phones.1.phoneType', 'PRIVATE')).toBeUndefined();
    expect(requirementOf('notes', 'PRIVATE')).toBeUndefined();
  });

  it('reads a stored record back field by field, dates to their calendar day', () => {
    const data = validPrivateDraft({
      birthDate: '1990-05-01',
      registrationDate: '2026-11-28T10:00:00.000Z',
      events: [{ eventType: 'Birthday', eventDate: '2026-12-01', eventOtherName: '', eventNotes: 'cake' }],
    });
    const record = buildRecord(data).record;
    const back = draftFromRecord({ ...record, birthDate: '1990-05-01T00:00:00', unknown: 'ignored' });
    expect(back).toEqual(data);
    expect(back.events[0]?.eventNotes).toBe('cake');
    expect(draftFromRecord({ clientType: 'COMPANY', emails: [null, { email: 7 }] }).emails).toEqual([
      { email: '7', isMainEmail: false },
    ]);
  });
});
