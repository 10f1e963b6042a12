import { describe, expect, it } from 'vitest';
import {
  defaultRequestBudget,
  findBudgetExcess,
  requestBudgetFor,
} from '../../../../electron/main/core/ipc-request-budget';
import { ipcBodyLimitFor, maxIpcBodyBytes } from '../../../../tools/web-host/ipc-body';
import { MAX_RESCUE_BASE64_CHARS, operationsChannels } from '../../../../shared/ipc/operations';

describe('the rescue import is the one large request, and still bounded', () => {
  const file = 'A'.repeat(8 * 1024 * 1024);

  it('has its own IPC budget; every other channel keeps the default', () => {
    expect(requestBudgetFor('outbox:enqueue')).toBe(defaultRequestBudget);
    expect(requestBudgetFor('operations:exportRescue')).toBe(defaultRequestBudget);
    expect(
      findBudgetExcess({ contentBase64: file, passphrase: 'x' }, requestBudgetFor('operations:importRescue')),
    ).toBeUndefined();
    expect(findBudgetExcess({ contentBase64: file }, requestBudgetFor('outbox:enqueue'))?.exceeded).toMatch(
      /characters of text/,
    );
    // Bounded: beyond the schema's own limit, and a request of many values, are refused before the schema.
    const beyond = { contentBase64: 'A'.repeat(MAX_RESCUE_BASE64_CHARS + 128 * 1024) };
    expect(findBudgetExcess(beyond, requestBudgetFor('operations:importRescue'))).toBeDefined();
    const manyValues = { contentBase64: Array.from({ length: 1000 }, () => 'A') };
    expect(findBudgetExcess(manyValues, requestBudgetFor('operations:importRescue'))?.exceeded).toMatch(
      /values/,
    );
  });

  it('has its own web host body limit, a little above the schema limit', () => {
    expect(ipcBodyLimitFor('outbox:enqueue')).toBe(maxIpcBodyBytes);
    expect(ipcBodyLimitFor('operations:importRescue')).toBeGreaterThan(MAX_RESCUE_BASE64_CHARS);
    expect(ipcBodyLimitFor('operations:importRescue')).toBeLessThan(MAX_RESCUE_BASE64_CHARS + 1024 * 1024);
  });

  it('refuses an empty file and a short passphrase naming the field', () => {
    const request = operationsChannels.importRescue.request;
    const empty = request.safeParse({ contentBase64: '', passphrase: 'a long passphrase' });
    expect(empty.success || empty.error.issues[0]?.message).toBe('file: choose a rescue file');
    const noPassphrase = request.safeParse({ contentBase64: 'AAAA' });
    expect(noPassphrase.success || noPassphrase.error.issues[0]?.path).toEqual(['passphrase']);
    const receipt = operationsChannels.receipt.request.safeParse({
      posCode: 'X',
      from: '30.11.2026',
      to: '2026-11-30',
    });
    expect(receipt.success || receipt.error.issues[0]?.path).toEqual(['from']);
  });
});
