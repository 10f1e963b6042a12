// The event profile file for IT: exported as written, imported only whole, every problem naming its field.
import { describe, expect, it } from 'vitest';
import { eventProfileFileText, parseEventProfileFile } from '../../../renderer/src/lib/itExport';

const profile = {
  posCode: 'ES100:102048',
  brand: 'CAR',
  saleRepresentativeEmail: 'anna@maison.example',
  countryId: 'FR',
  languageId: 'fre',
};

describe('event profile file', () => {
  it('round-trips', () => {
    expect(parseEventProfileFile(eventProfileFileText(profile))).toEqual({ ok: true, profile });
  });

  it('refuses text that is not JSON or not a profile file, naming what is wrong', () => {
    expect(parseEventProfileFile('{')).toMatchObject({
      ok: false,
      issues: [{ path: 'file', code: 'notJson' }],
    });
    expect(parseEventProfileFile('[]')).toMatchObject({ ok: false, issues: [{ path: 'file' }] });
    const result = parseEventProfileFile(JSON.stringify({ version: 2, eventProfile: {}, extra: 1 }));
    expect(result.ok ? [] : result.issues.map((issue) => issue.path)).toEqual(['extra', 'kind', 'version']);
  });

  it('names unknown, misspelt and wrongly typed fields, and the rules of the form', () => {
    const file = JSON.parse(eventProfileFileText(profile)) as { eventProfile: Record<string, unknown> };
    file.eventProfile['posCod'] = 'x';
    file.eventProfile['brand'] = 7;
    expect(parseEventProfileFile(JSON.stringify(file))).toMatchObject({
      ok: false,
      issues: [
        { path: 'posCod', code: 'unknownField' },
        { path: 'brand', code: 'notText' },
      ],
    });
    const wrong = JSON.parse(eventProfileFileText(profile)) as { eventProfile: Record<string, unknown> };
    wrong.eventProfile['saleRepresentativeEmail'] = 'not an email';
    const result = parseEventProfileFile(JSON.stringify(wrong));
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.issues.map((issue) => issue.path)).toEqual(['saleRepresentativeEmail']);
  });
});
