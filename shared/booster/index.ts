// The Booster CreateCustomer contract: schemas, encoder, response decoder, server-side validator, reference data.
export {
  createCustomerSchema,
  createCustomerSchemaAt,
  type CreateCustomerInput,
  type CreateCustomerRecord,
} from './schema';
export {
  emailSchema,
  phoneSchema,
  addressSchema,
  eventSchema,
  interestSchema,
  hobbySchema,
  productCollectionSchema,
  type Email,
  type Phone,
  type Address,
  type CustomerEvent,
  type Interest,
  type Hobby,
  type ProductCollection,
} from './items';
export { clientTypes, findForbiddenCharacter, listLimits, textLimits, type ClientType } from './fields';
export { encodeCreateCustomer, type WireCreateCustomer } from './encode';
export { issueCodes, type FieldIssue, type IssueCode } from './messages';
export { issuesFromZodError } from './issues';
export { normalizeEmail, normalizePhone } from './contact-normalize';
export { boosterFieldNameToPath, pathToBoosterFieldName } from './field-names';
export {
  decodeCreateCustomerResponse,
  classifyTransportError,
  parseRetryAfter,
  MAX_RETRY_AFTER_MS,
  type BoosterOutcome,
} from './decode';
export { validateWireCreateCustomer, type WireFieldError, type WireValidation } from './wire-validate';
export {
  parseServiceStackDate,
  isCalendarDate,
  todayLocal,
  todayIn,
  normalizeInstant,
  type ServiceStackDate,
} from './dates';
export { checkPhoneNumber, type PhoneCheck } from './phone';
export {
  listCountries,
  normalizeCountryCode,
  listLanguages,
  normalizeLanguageCode,
  callingCodeFor,
  countryName,
} from './codes';
export {
  defaultCatalogue,
  catalogueSchema,
  catalogueItemSchema,
  mergeCatalogue,
  CatalogueError,
  type Catalogue,
  type CatalogueItem,
} from './catalogue';
