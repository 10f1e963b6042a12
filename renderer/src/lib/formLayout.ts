// Where the contract's fields sit on screen, grouped as a person thinks, and how each is typed. Only the
// arrangement is written here: which fields exist, their kinds, limits and required marks come from the
// contract (shared/booster/form-model.ts). A contract field this layout does not place still shows, at the end
// of the last section (or of its list's item), so a new field is never lost.
import type { Catalogue } from '../../../shared/booster';
import type { ClientType } from '../../../shared/booster/fields';
import {
  contractFieldAt,
  customerFields,
  isListKey,
  itemFieldsOf,
  requiredFields,
  requiredItemFields,
  type ListKey,
} from '../../../shared/booster/form-model';
import type { FieldIssue } from './db';
import { fieldKeyOf } from './fieldIds';
import type { PickerOption } from './pickerOptions';

/** A field or list path, or a group of check boxes under a legend (a message key). */
export type Block = string | { legend: string; paths: readonly string[] };
export interface SectionLayout {
  /** Its heading is the message `section.<id>`. */
  id: string;
  blocks: readonly Block[];
}

const declaredSections: readonly SectionLayout[] = [
  {
    id: 'identity',
    blocks: [
      'clientType',
      'companyName',
      'title',
      'lastName',
      'firstName',
      'middleName',
      'nameSuffix',
      'lastNameNotLatin',
      'firstNameNotLatin',
      'gender',
      'birthDate',
      'languageId',
      'countryId',
      'customerReference',
    ],
  },
  {
    id: 'contact',
    blocks: [
      'emails',
      'phones',
      'preferredContactMethod',
      'canBeContactedByMaison',
      {
        legend: 'contactFlags.legend',
        paths: [
          'contactByEmailFlag',
          'contactByPhoneFlag',
          'contactBySMSFlag',
          'contactByMailFlag',
          'contactBySocialMediaFlag',
        ],
      },
    ],
  },
  {
    id: 'consents',
    blocks: [
      'privacyPolicyAcceptanceStorage',
      'dataSharingConsent',
      'allowStoreDataAbroad',
      'tvPrivacyPolicyAcceptanceStorage',
      'tvAllowStoreDataAbroad',
    ],
  },
  { id: 'addresses', blocks: ['addresses'] },
  { id: 'dates', blocks: ['weddingDate', 'events'] },
  { id: 'interests', blocks: ['interests', 'hobbies', 'productCollections'] },
  {
    id: 'notes',
    blocks: ['notes', 'saleRepresentativeEmail', 'referenceSaleRepresentativeEmail', 'posCode', 'brand'],
  },
];

const declaredItems: Partial<Record<ListKey, readonly string[]>> = {
  emails: ['email', 'isMainEmail'],
  phones: ['countryPrefix', 'phone', 'phoneType', 'isMainPhone'],
  addresses: [
    'addressType',
    'street',
    'houseNumber',
    'street2',
    'street3',
    'street4',
    'street5',
    'zipCode',
    'city',
    'stateId',
    'countryId',
    'poBox',
    'additionalInformation',
    'isMainAddress',
  ],
  events: ['eventType', 'eventDate', 'eventOtherName', 'eventNotes'],
  interests: ['sapInterestId'],
  hobbies: ['sapHobbyId'],
  productCollections: ['sapProductCollectionId'],
};

/** Kept with the client but never typed: carried from a reopened record, or filled by a catalogue pick. */
export const notTyped: ReadonlySet<string> = new Set([
  'registrationDate',
  'interests.interest',
  'interests.translation',
  'hobbies.hobby',
  'hobbies.translation',
  'productCollections.productCollection',
  'productCollections.translation',
]);

/** Address lines beyond the first show once asked for (or once they hold text). */
export const moreLines: Partial<Record<ListKey, readonly string[]>> = {
  addresses: ['street2', 'street3', 'street4', 'street5'],
};

export type ChoiceList =
  | 'titles'
  | 'genders'
  | 'languages'
  | 'countries'
  | 'phoneCountries'
  | 'phoneTypes'
  | 'contactMethods'
  | 'addressTypes'
  | 'eventTypes'
  | 'posCodes'
  | 'brands'
  | 'interests'
  | 'hobbies'
  | 'productCollections';

export type CatalogueList = 'interests' | 'hobbies' | 'productCollections';

/** How a text is typed when plain text will not do. Keyed by field name, wherever the field sits. */
export interface Presentation {
  /** A searchable picker (type a code or a name) or a closed list. */
  control?: 'picker' | 'select' | 'segmented';
  choices?: ChoiceList;
  type?: 'email' | 'tel';
  wide?: boolean;
  /** A catalogue pick also fills the entry's description (this field) and its translation. */
  fills?: string;
}

const presentations: Record<string, Presentation> = {
  clientType: { control: 'segmented' },
  companyName: { wide: true },
  title: { control: 'picker', choices: 'titles' },
  gender: { control: 'select', choices: 'genders' },
  languageId: { control: 'picker', choices: 'languages' },
  countryId: { control: 'picker', choices: 'countries' },
  email: { type: 'email', wide: true },
  countryPrefix: { control: 'picker', choices: 'phoneCountries' },
  phone: { type: 'tel' },
  phoneType: { control: 'select', choices: 'phoneTypes' },
  preferredContactMethod: { control: 'select', choices: 'contactMethods' },
  addressType: { control: 'select', choices: 'addressTypes' },
  street: { wide: true },
  eventType: { control: 'select', choices: 'eventTypes' },
  sapInterestId: { control: 'picker', choices: 'interests', fills: 'interest' },
  sapHobbyId: { control: 'picker', choices: 'hobbies', fills: 'hobby' },
  sapProductCollectionId: { control: 'picker', choices: 'productCollections', fills: 'productCollection' },
  saleRepresentativeEmail: { type: 'email' },
  referenceSaleRepresentativeEmail: { type: 'email' },
  posCode: { control: 'picker', choices: 'posCodes' },
  brand: { control: 'picker', choices: 'brands' },
};

export function presentationOf(path: string): Presentation {
  return presentations[fieldKeyOf(path)] ?? {};
}

/** 'required' for the client; 'ifAdded' for a field an item needs once it is added (a client needs no email,
 *  but an email needs its address). */
export type Requirement = 'required' | 'ifAdded' | undefined;

export function requirementOf(path: string, clientType: ClientType): Requirement {
  const [head = '', ...rest] = path.split('.').filter((segment) => !/^\d+$/.test(segment));
  if (rest.length === 0) return requiredFields(clientType).has(head) ? 'required' : undefined;
  return isListKey(head) && requiredItemFields(head).has(rest[0] ?? '') ? 'ifAdded' : undefined;
}

function blockPaths(block: Block): readonly string[] {
  return typeof block === 'string' ? [block] : block.paths;
}

const declaredTopLevel = new Set(declaredSections.flatMap((section) => section.blocks.flatMap(blockPaths)));

/** The sections of the form, with any contract field the layout does not place added to the last one. */
export const formSections: readonly SectionLayout[] = (() => {
  const unplaced = customerFields
    .map((field) => field.key)
    .filter((key) => !declaredTopLevel.has(key) && !notTyped.has(key));
  const last = declaredSections.length - 1;
  return declaredSections.map((section, index) =>
    index === last ? { ...section, blocks: [...section.blocks, ...unplaced] } : section,
  );
})();

/** The fields one item of `list` shows, in order; item fields the layout does not place come last. */
export function itemLayout(list: ListKey): readonly string[] {
  const declared = declaredItems[list] ?? [];
  const unplaced = itemFieldsOf(list)
    .map((field) => field.key)
    .filter((key) => !declared.includes(key) && !notTyped.has(`${list}.${key}`));
  return [...declared, ...unplaced];
}

/** Every contract path the form shows ('lastName', 'emails.email'), in screen order. */
export function shownPaths(): string[] {
  return formSections.flatMap((section) =>
    section.blocks
      .flatMap(blockPaths)
      .flatMap((path) => (isListKey(path) ? itemLayout(path).map((key) => `${path}.${key}`) : [path])),
  );
}

const topLevelOrder = formSections.flatMap((section) => section.blocks.flatMap(blockPaths));

function rank(path: string): number[] {
  const [head = '', index, field] = path.split('.');
  const top = topLevelOrder.indexOf(head);
  const fields = isListKey(head) ? itemLayout(head) : [];
  const within = field === undefined ? -1 : fields.indexOf(field);
  return [
    top === -1 ? topLevelOrder.length : top,
    index === undefined ? -1 : Number(index),
    within === -1 && field !== undefined ? fields.length : within,
  ];
}

/** Issues in the order their fields appear on screen, so the error summary reads top to bottom like the form. */
export function inFormOrder(issues: FieldIssue[]): FieldIssue[] {
  return [...issues].sort((a, b) => {
    const ra = rank(a.path);
    const rb = rank(b.path);
    for (let i = 0; i < ra.length; i++) {
      const diff = (ra[i] ?? 0) - (rb[i] ?? 0);
      if (diff !== 0) return diff;
    }
    return 0;
  });
}

/** What the form's pickers and lists offer, in the UI language: built once per screen. */
export interface FieldChoices {
  options: Record<ChoiceList, PickerOption[]>;
  catalogue: Pick<Catalogue, CatalogueList>;
}

/** A section's blocks as they are laid out: text fields side by side in a grid; boxes, lists and groups alone. */
export type Run =
  | { kind: 'grid'; paths: string[] }
  | { kind: 'alone'; path: string }
  | { kind: 'list'; list: ListKey }
  | { kind: 'group'; legend: string; paths: readonly string[] };

export function runsOf(blocks: readonly Block[]): Run[] {
  const runs: Run[] = [];
  for (const block of blocks) {
    const last = runs[runs.length - 1];
    if (typeof block !== 'string') runs.push({ kind: 'group', legend: block.legend, paths: block.paths });
    else if (isListKey(block)) runs.push({ kind: 'list', list: block });
    else if (standsAlone(block)) runs.push({ kind: 'alone', path: block });
    else if (last?.kind === 'grid') last.paths.push(block);
    else runs.push({ kind: 'grid', paths: [block] });
  }
  return runs;
}

function standsAlone(path: string): boolean {
  return presentationOf(path).control === 'segmented' || contractFieldAt(path)?.meta.kind === 'boolean';
}

/** What a date box tells about its own text. A box showing a date that does not exist (02/31/2000) reports its
 *  value as '' with `validity.badInput`: read from the element, since its value alone looks like an empty box. */
export interface DateBoxReading {
  value: string;
  validity: Pick<ValidityState, 'badInput'>;
}

/** The box holds text that is not a real date. */
export function isUnreadableDate(box: DateBoxReading): boolean {
  return box.value === '' && box.validity.badInput;
}

/** The schema's issues, with an unreadable date box's own problem in place of whatever its empty value gave. */
export function withUnreadableDates(
  issues: Map<string, FieldIssue>,
  unreadable: Readonly<Record<string, true>>,
): Map<string, FieldIssue> {
  const paths = Object.keys(unreadable);
  if (paths.length === 0) return issues;
  const merged = new Map(issues);
  for (const path of paths)
    merged.set(path, { path, code: 'dateNotReal', message: 'This date does not exist.' });
  return merged;
}
