// Named errors of the journal store (the codes are the core's, see ../errors).
import { NamedError } from '../errors';

/** A single journal line may not exceed this; the schema's field limits keep real records far below. */
export const MAX_JOURNAL_LINE_BYTES = 8 * 1024 * 1024;

export class RecordTooLargeError extends NamedError {
  constructor(readonly bytes: number) {
    super(
      'invalidRecord',
      `This client's data is too large to store (${(bytes / (1024 * 1024)).toFixed(1)} MB); no field should be that long. Shorten the longest fields and finalize again.`,
    );
  }
}
