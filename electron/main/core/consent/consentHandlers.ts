// Where consent meets the outbox, composed in boosterServices.ts: erasing a client on request erases its
// consent evidence too. The country rules are not checked here: the outbox's own validator applies them
// (createCustomerValidator.ts), so the page, the CLI and the rescue import meet the same check.
import type { BoosterHandlers } from '../../../../shared/ipc';
import type { ConsentService } from './consentService';

export function withConsentChecks<H extends { outbox: BoosterHandlers['outbox'] }>(
  consent: { service: ConsentService },
  handlers: H,
): H & { consent: BoosterHandlers['consent'] } {
  const { outbox } = handlers;
  return {
    ...handlers,
    outbox: {
      ...outbox,
      erase: async (request) => {
        const answer = await outbox.erase(request);
        if (answer.erased) await consent.service.erase(request.captureId);
        return answer;
      },
    },
    consent: consent.service.handlers,
  };
}
