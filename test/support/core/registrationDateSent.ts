// For the trusted-time tests: configure Booster a minute after the capture, let the queued client go, and
// read the registrationDate Booster received.
import { expect } from 'vitest';
import { waitFor, type Harness } from './servicesHarness';

export async function sendAndReadRegistrationDate(harness: Harness): Promise<string> {
  harness.clock.advance(60_000);
  await harness.services.handlers.auth.configure({
    mode: 'apiKey',
    baseUrl: 'https://booster.example/api',
    apiKey: 'secret-key',
  });
  await waitFor(
    async () => (await harness.services.handlers.sync.status(undefined)).counts.sent === 1,
    'the client to be sent',
  );
  const posts = harness.net.requests.filter(
    (request) => request.method === 'POST' && request.headers.has('authorization'),
  );
  expect(posts).toHaveLength(1);
  return (JSON.parse(posts[0]!.body) as { registrationDate: string }).registrationDate;
}
