// Where consent meets the outbox, composed in boosterServices.ts: main re-checks the country rules at enqueue
// (the page is not trusted to have), and erasing a client on request erases its consent evidence too.
import type { BoosterHandlers } from '../../../../shared/ipc';
import { countryRuleIssues } from '../../../../shared/consent/countryRules';
import type { ConsentCatalogue } from '../../../../shared/consent/catalogue';
import { InvalidRecordError } from '../errors';
import type { ConsentService } from './consentService';

export function withConsentChecks<H extends { outbox: BoosterHandlers['outbox'] }>(
  consent: { service: ConsentService; catalogue: ConsentCatalogue },
  handlers: H,
): H & { consent: BoosterHandlers['consent'] } {
  const { outbox } = handlers;
  return {
    ...handlers,
    outbox: {
      ...outbox,
      enqueue: async (request) => {
        const issues = countryRuleIssues(request.record, consent.catalogue.countryRules);
        if (issues.length > 0)
          throw new InvalidRecordError(issues.map(({ path, code, message }) => ({ path, code, message })));
        return outbox.enqueue(request);
      },
      erase: async (request) => {
        const answer = await outbox.erase(request);
        if (answer.erased) await consent.service.erase(request.captureId);
        return answer;
      },
    },
    consent: consent.service.handlers,
  };
}
