// Consent texts as reference data: every purpose has its text in English, French and Chinese; a language
// without one falls back to English (the language shown is what is recorded); a file adds versions; the hash
// main computes is the SHA-256 WebCrypto gives for the same text.
import { describe, expect, it } from 'vitest';
import {
  consentPurposes,
  consentTextFor,
  defaultConsentCatalogue,
  findConsentText,
  mergeConsentCatalogue,
} from '../../../shared/consent/catalogue';
import { consentTextHash } from '../../../electron/main/core/consent/textHash';

async function webCryptoHash(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Buffer.from(digest).toString('hex');
}

describe('consent texts', () => {
  it('has every purpose in English, French and Chinese, each a real text', () => {
    for (const purpose of consentPurposes)
      for (const language of ['en', 'fr', 'zh']) {
        const text = consentTextFor(defaultConsentCatalogue, purpose, language);
        expect(text?.language, `${purpose} ${language}`).toBe(language);
        expect(text!.text.length).toBeGreaterThan(40);
      }
    const fr = consentTextFor(defaultConsentCatalogue, 'allowStoreDataAbroad', 'fr')!;
    const en = consentTextFor(defaultConsentCatalogue, 'allowStoreDataAbroad', 'en')!;
    expect(fr.text).not.toBe(en.text);
    expect(consentTextFor(defaultConsentCatalogue, 'allowStoreDataAbroad', 'zh')!.text).toMatch(
      /[\u4e00-\u9fff]/,
    );
  });

  it('falls back to English, saying so in the language of the answer', () => {
    for (const language of ['de', 'ja', 'ko', 'it', 'xx', ''])
      expect(
        consentTextFor(defaultConsentCatalogue, 'privacyPolicyAcceptanceStorage', language)?.language,
      ).toBe('en');
    expect(consentTextFor(defaultConsentCatalogue, 'privacyPolicyAcceptanceStorage', ' FR ')?.language).toBe(
      'fr',
    );
  });

  it('hashes the exact text as WebCrypto does, and any change changes the hash', async () => {
    for (const text of defaultConsentCatalogue.texts)
      expect(consentTextHash(text.text), `${text.id} ${text.language}`).toBe(await webCryptoHash(text.text));
    const text = consentTextFor(defaultConsentCatalogue, 'allowStoreDataAbroad', 'zh')!.text;
    expect(consentTextHash(text)).toMatch(/^[0-9a-f]{64}$/);
    expect(consentTextHash(`${text} `)).not.toBe(consentTextHash(text));
  });

  it('loads a file with a new version, which new ticks use while the old one stays findable', () => {
    const catalogue = mergeConsentCatalogue(defaultConsentCatalogue, {
      texts: [
        {
          id: 'consent.allowStoreDataAbroad',
          purpose: 'allowStoreDataAbroad',
          version: 2,
          language: 'fr',
          title: 'Transfert à l’étranger',
          text: 'Nouvelle version du texte de transfert à l’étranger, relue par le service juridique.',
        },
      ],
    });
    expect(consentTextFor(catalogue, 'allowStoreDataAbroad', 'fr')?.version).toBe(2);
    expect(consentTextFor(catalogue, 'allowStoreDataAbroad', 'en')?.version).toBe(1);
    expect(
      findConsentText(catalogue, { textId: 'consent.allowStoreDataAbroad', version: 1, language: 'fr' }),
    ).toBeDefined();
    expect(catalogue.countryRules).toEqual(defaultConsentCatalogue.countryRules);
  });

  it('refuses a text file that is not valid, naming the field', () => {
    const text = {
      id: 'consent.x',
      purpose: 'dataSharingConsent',
      version: 1,
      language: 'fr',
      title: 'T',
      text: 'Texte',
    };
    const cases = [
      [{ texts: [{ ...text, language: 'es' }] }, 'texts.0.language'],
      [{ texts: [{ ...text, version: 0 }] }, 'texts.0.version'],
      [{ texts: [{ ...text, text: '   ' }] }, 'texts.0.text'],
      [{ texts: [{ ...text, purpose: 'notes' }] }, 'texts.0.purpose'],
      [{ texts: [{ ...text, id: 'has space' }] }, 'texts.0.id'],
      [{ texts: [{ ...text, hash: 'abc' }] }, 'texts.0'],
      [{ texts: [text, text] }, 'texts.1'],
    ] as const;
    for (const [file, path] of cases)
      expect(() => mergeConsentCatalogue(defaultConsentCatalogue, file), path).toThrow(
        `The consent file is not valid: ${path}`,
      );
    expect(() => mergeConsentCatalogue(defaultConsentCatalogue, 'text')).toThrow('(file)');
  });
});
