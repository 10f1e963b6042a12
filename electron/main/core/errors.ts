// Named errors of the core. Handlers throw them; the IPC dispatcher turns `code`, `message` and `fields`
// into an IpcResult. Every message says what happened and what a person can do about it.
import type { FieldIssue, OutboxState } from '../../../shared/ipc';

export type CoreErrorCode =
  | 'invalidRecord'
  | 'notFound'
  | 'notEditable'
  | 'signInFailed'
  | 'boosterUnreachable'
  | 'notConfigured'
  | 'locked'
  | 'storageFailed'
  | 'readOnly'
  | 'invalidRequest'
  | 'internal';

export class NamedError extends Error {
  constructor(
    readonly code: CoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class InvalidRecordError extends NamedError {
  constructor(readonly fields: FieldIssue[]) {
    super('invalidRecord', 'Some fields are missing or not valid. Correct them and finalize again.');
  }
}

export class NotFoundError extends NamedError {
  constructor(what: string) {
    super(
      'notFound',
      `${what} was not found. It may have been sent and cleaned up already; refresh the list.`,
    );
  }
}

export class NotEditableError extends NamedError {
  constructor(state: OutboxState) {
    super(
      'notEditable',
      `This client is ${describeState(state)} and cannot be changed. Only clients that need attention can be corrected or discarded.`,
    );
  }
}

export class SignInFailedError extends NamedError {
  constructor(message = 'Booster refused the user name or password. Check them and sign in again.') {
    super('signInFailed', message);
  }
}

export class BoosterUnreachableError extends NamedError {
  constructor(cause?: unknown) {
    super(
      'boosterUnreachable',
      'Booster cannot be reached right now. Your settings are saved; sign-in is retried when Booster is back.',
      { cause },
    );
  }
}

export class NotConfiguredError extends NamedError {
  constructor() {
    super(
      'notConfigured',
      'No Booster environment is configured. Open the settings and enter the Booster address and key.',
    );
  }
}

export class LockedError extends NamedError {
  constructor(holder: string) {
    super(
      'locked',
      `Another Booster Capture (${holder}) is already using this data folder. Close it, then try again.`,
    );
  }
}

export class StorageFailedError extends NamedError {
  /** The file-system code of the cause (ENOSPC, EIO, EROFS…), when there is one. */
  readonly storageCode: string | undefined;

  constructor(cause: unknown, consequence = 'nothing was queued') {
    const storageCode = storageErrorCode(cause);
    super('storageFailed', describeStorageFailure(storageCode, consequence), { cause });
    this.storageCode = storageCode;
  }
}

/** A request that does not make sense (e.g. a list cursor that no page ever handed out). */
export class InvalidRequestError extends NamedError {
  constructor(
    message: string,
    readonly fields: FieldIssue[] = [],
  ) {
    super('invalidRequest', message);
  }
}

/** The first file-system error code (`ENOSPC`, `EIO`…) along an error's cause chain. */
export function storageErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

const diskFullCodes = new Set(['ENOSPC', 'EDQUOT']);

function describeStorageFailure(code: string | undefined, consequence: string): string {
  if (code !== undefined && diskFullCodes.has(code))
    return `The disk is full (${code}): free space on this laptop, then try again; ${consequence}.`;
  if (code === 'EROFS')
    return `The data folder's disk has become read-only (EROFS): check the disk or restart the laptop, then try again; ${consequence}.`;
  const detail = code ? ` (${code})` : '';
  return `The outbox could not be written to disk${detail}. Check the disk and its free space, then try again; ${consequence}.`;
}

export class ReadOnlyError extends NamedError {
  constructor(what: string) {
    super('readOnly', `${what} is read-only.`);
  }
}

function describeState(state: OutboxState): string {
  switch (state) {
    case 'pending':
      return 'waiting to be sent';
    case 'sending':
      return 'being sent';
    case 'sent':
      return 'already in Booster';
    default:
      return state;
  }
}

/** The one helper that turns any error into something a person can read; never leaks a stack or secret. */
export function toPersonMessage(error: unknown): string {
  if (error instanceof NamedError) return error.message;
  return 'Something went wrong inside Booster Capture. Try again; if it keeps happening, restart the app.';
}
