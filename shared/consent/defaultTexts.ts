// The consent texts shipped with the app: what a client reads before ticking each purpose. Reference data, not
// UI strings: each text has an id, a version and a language, and the evidence of a consent names all three
// (main computes the SHA-256 of the exact text). Changing a text means a new version, never an edit in place,
// so evidence recorded under the old version still names the text the client read. English, French and
// Simplified Chinese are complete; other UI languages show English, and the evidence records 'en' as shown.
import type { ConsentText } from './catalogue';

const v1 = (
  purpose: ConsentText['purpose'],
  language: ConsentText['language'],
  title: string,
  text: string,
): ConsentText => ({ id: `consent.${purpose}`, purpose, version: 1, language, title, text });

export const defaultConsentTexts: readonly ConsentText[] = [
  v1(
    'privacyPolicyAcceptanceStorage',
    'en',
    'Storage of your personal data',
    'I have read the Maison’s privacy policy and I agree that the Maison stores the personal data I give here (identity, contact details, addresses, interests) in its client database, to manage my relationship with the Maison. I can ask at any time to see, correct or erase my data.',
  ),
  v1(
    'privacyPolicyAcceptanceStorage',
    'fr',
    'Conservation de vos données personnelles',
    'J’ai lu la politique de confidentialité de la Maison et j’accepte que la Maison conserve les données personnelles que je communique ici (identité, coordonnées, adresses, centres d’intérêt) dans sa base de clients, afin de gérer ma relation avec la Maison. Je peux à tout moment demander à consulter, corriger ou effacer mes données.',
  ),
  v1(
    'privacyPolicyAcceptanceStorage',
    'zh',
    '存储您的个人信息',
    '我已阅读品牌的隐私政策，并同意品牌将我在此提供的个人信息（身份、联系方式、地址、兴趣）存储于其客户数据库中，用于管理我与品牌的关系。我可以随时要求查阅、更正或删除我的个人信息。',
  ),
  v1(
    'canBeContactedByMaison',
    'en',
    'Being contacted by the Maison',
    'I agree that the Maison contacts me about its creations, events and services, through the contact details and channels I have chosen. I can withdraw this consent at any time, free of charge.',
  ),
  v1(
    'canBeContactedByMaison',
    'fr',
    'Être contacté par la Maison',
    'J’accepte que la Maison me contacte au sujet de ses créations, de ses événements et de ses services, par les coordonnées et les moyens que j’ai choisis. Je peux retirer ce consentement à tout moment, sans frais.',
  ),
  v1(
    'canBeContactedByMaison',
    'zh',
    '接受品牌联系',
    '我同意品牌通过我选择的联系方式和渠道，就其作品、活动和服务与我联系。我可以随时免费撤回此同意。',
  ),
  v1(
    'dataSharingConsent',
    'en',
    'Sharing within the group',
    'I agree that my personal data is shared with the other Maisons and companies of the group, so that they can offer me a consistent service. The list of these companies is available on request.',
  ),
  v1(
    'dataSharingConsent',
    'fr',
    'Partage au sein du groupe',
    'J’accepte que mes données personnelles soient partagées avec les autres Maisons et sociétés du groupe, afin qu’elles puissent m’offrir un service cohérent. La liste de ces sociétés est disponible sur demande.',
  ),
  v1(
    'dataSharingConsent',
    'zh',
    '在集团内共享',
    '我同意将我的个人信息与集团旗下的其他品牌和公司共享，以便为我提供一致的服务。如有需要，可索取这些公司的名单。',
  ),
  v1(
    'allowStoreDataAbroad',
    'en',
    'Transfer of your data abroad',
    'I agree that my personal data is transferred to and stored in servers outside my country of residence, including in Switzerland and the European Union, where the group’s client database is hosted. I have been told the recipient, the purpose, the kinds of data transferred and how to exercise my rights with the recipient.',
  ),
  v1(
    'allowStoreDataAbroad',
    'fr',
    'Transfert de vos données à l’étranger',
    'J’accepte que mes données personnelles soient transférées et conservées sur des serveurs situés hors de mon pays de résidence, notamment en Suisse et dans l’Union européenne, où est hébergée la base de clients du groupe. J’ai été informé du destinataire, de la finalité, des catégories de données transférées et de la manière d’exercer mes droits auprès du destinataire.',
  ),
  v1(
    'allowStoreDataAbroad',
    'zh',
    '个人信息出境',
    '我单独同意将我的个人信息传输至我居住国境外的服务器并在该处存储，包括托管集团客户数据库的瑞士和欧盟。我已被告知境外接收方的名称、处理目的、所传输个人信息的种类，以及向境外接收方行使我的权利的方式。',
  ),
  v1(
    'tvPrivacyPolicyAcceptanceStorage',
    'en',
    'Storage of your personal data by TimeVallée',
    'I have read TimeVallée’s privacy policy and I agree that TimeVallée stores the personal data I give here in its client database, to manage my relationship with TimeVallée.',
  ),
  v1(
    'tvPrivacyPolicyAcceptanceStorage',
    'fr',
    'Conservation de vos données personnelles par TimeVallée',
    'J’ai lu la politique de confidentialité de TimeVallée et j’accepte que TimeVallée conserve les données personnelles que je communique ici dans sa base de clients, afin de gérer ma relation avec TimeVallée.',
  ),
  v1(
    'tvPrivacyPolicyAcceptanceStorage',
    'zh',
    'TimeVallée 存储您的个人信息',
    '我已阅读 TimeVallée 的隐私政策，并同意 TimeVallée 将我在此提供的个人信息存储于其客户数据库中，用于管理我与 TimeVallée 的关系。',
  ),
  v1(
    'tvAllowStoreDataAbroad',
    'en',
    'Transfer of your data abroad by TimeVallée',
    'I agree that TimeVallée transfers my personal data to and stores it in servers outside my country of residence, where its client database is hosted.',
  ),
  v1(
    'tvAllowStoreDataAbroad',
    'fr',
    'Transfert de vos données à l’étranger par TimeVallée',
    'J’accepte que TimeVallée transfère et conserve mes données personnelles sur des serveurs situés hors de mon pays de résidence, où est hébergée sa base de clients.',
  ),
  v1(
    'tvAllowStoreDataAbroad',
    'zh',
    'TimeVallée 将您的个人信息出境',
    '我单独同意 TimeVallée 将我的个人信息传输至我居住国境外托管其客户数据库的服务器并在该处存储。',
  ),
];

/** Which consents a client of a country must give before finalize. PIPL (China): separate consent to a
 *  cross-border transfer. */
export const defaultCountryRules = [
  { id: 'cn', countries: ['cn'], requiredConsents: ['allowStoreDataAbroad'] },
] as const;
