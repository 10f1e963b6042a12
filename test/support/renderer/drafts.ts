// Client data for renderer tests.
import { emptyDraft, type DraftData } from '../../../renderer/src/lib/draftData';

/** A private client Booster would accept. */
export function validPrivateDraft(changes: Partial<DraftData> = {}): DraftData {
  return {
    ...emptyDraft({
      posCode: 'ES100:102048',
      brand: 'CAR',
      saleRepresentativeEmail: '',
      countryId: 'it',
      languageId: 'ita',
    }),
    title: 'Mr.',
    lastName: 'Rossi',
    firstName: 'Mario',
    gender: 'M',
    emails: [{ email: 'mario.rossi@example.com', isMainEmail: true }],
    phones: [{ phone: '347 123 4567', countryPrefix: 'it', phoneType: 'Mobile', isMainPhone: true }],
    privacyPolicyAcceptanceStorage: true,
    ...changes,
  };
}
