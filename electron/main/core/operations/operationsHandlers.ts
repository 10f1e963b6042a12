// The `operations` IPC domain over the core's Operations: base64 at the crossing, bytes inside.
import type { BoosterHandlers } from '../../../../shared/ipc';
import type { Operations } from './operations';
import { RescueFileError } from './rescueFile';

export type OperationsHandlers = BoosterHandlers['operations'];

export function createOperationsHandlers(
  operations: Operations,
  /** The diagnostics text (diagnosticsSource.ts); absent where there is no engine to describe. */
  diagnostics: () => Promise<string>,
): OperationsHandlers {
  return {
    exportRescue: async ({ passphrase }) => {
      const { fileName, bytes, count, unreadable } = await operations.exportRescue(passphrase);
      return { fileName, contentBase64: Buffer.from(bytes).toString('base64'), count, unreadable };
    },
    importRescue: async ({ contentBase64, passphrase }) =>
      operations.importRescue(base64File(contentBase64), passphrase),
    receipt: async (request) => operations.receipt(request),
    diagnostics: async () => ({ text: await diagnostics() }),
  };
}

/** Strict base64: a file mangled on its way (a copy through a text editor) is refused, not half-read. */
function base64File(text: string): Uint8Array {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0)
    throw new RescueFileError(
      'rescueDamaged',
      'file: the file did not arrive whole (not valid base64). Choose it again. Nothing was changed.',
    );
  return Buffer.from(compact, 'base64');
}
