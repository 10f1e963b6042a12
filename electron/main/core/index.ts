// The core's public surface, for the Electron wiring, the web host, the CLI and the tests.
export {
  openBoosterServices,
  openLocalOutbox,
  openReadOnlyOutbox,
  type BoosterServices,
  type BoosterServicesDeps,
  type BoosterServicesSettings,
  type LocalOutboxServices,
  type OutboxDeps,
  type ReadOnlyOutboxServices,
} from './boosterServices';
export { validateCreateCustomer } from './createCustomerValidator';
export { createNodeClock, type Clock, type TimerHandle } from './platform/clock';
export {
  createConsoleLogger,
  createSilentLogger,
  toLoggedFields,
  type Logger,
  type LogFields,
} from './platform/logger';
export {
  createFileSecretStore,
  createEnvSecretStore,
  createMemorySecretStore,
  createCompositeSecretStore,
  type SecretStore,
  type SecretName,
} from './platform/secretStore';
export {
  openDataKeys,
  createHeadlessKeySource,
  createKeyFileSource,
  createMemoryKeySource,
  createSecretStoreKeySource,
  defaultKeyFile,
  secretsKeyOf,
  DataKeyMissingError,
  DataKeyMismatchError,
  DataKeyInvalidError,
  DataKeyReadOnlyError,
  DATA_KEY_ENV,
  DATA_KEY_FILE_ENV,
  type DataKeys,
  type KeySource,
} from './platform/dataKeys';
export type { RotationResult } from './dataKeyRotation';
export type { ConnectivityHints, ConnectivityHint } from './platform/connectivityHints';
export {
  NamedError,
  InvalidRecordError,
  NotFoundError,
  NotEditableError,
  SignInFailedError,
  BoosterUnreachableError,
  NotConfiguredError,
  LockedError,
  StorageFailedError,
  ReadOnlyError,
  toPersonMessage,
  type CoreErrorCode,
} from './errors';
export type { OutboxStore } from './outbox/store';
export { BodyUnreadableError, type BodyContext, type PayloadCodec } from './outbox/payloadCodec';
