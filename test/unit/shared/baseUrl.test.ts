// The Booster address rule (shared/ipc/auth.ts) against hostile input: https only, plain http only to this
// computer, and what is stored is exactly what is used. Each refusal names the field.
import { describe, expect, it } from 'vitest';
import {
  BASE_URL_MAX_LENGTH,
  baseUrlProblem,
  baseUrlSchema,
  configureRequestSchema,
} from '../../../shared/ipc/auth';

function refusal(url: unknown): string | undefined {
  const parsed = configureRequestSchema.safeParse({ mode: 'apiKey', baseUrl: url, apiKey: 'k' });
  if (parsed.success) return undefined;
  // Only the address is wrong, and the issue says so on that field.
  expect(parsed.error.issues.map((issue) => issue.path.join('.'))).toEqual(['baseUrl']);
  return parsed.error.issues[0]?.message;
}

describe('Booster address: accepted', () => {
  it.each([
    ['https://booster.example', 'https'],
    ['HTTPS://BOOSTER.EXAMPLE', 'https in capitals is https'],
    ['Https://booster.example/api', 'mixed case'],
    ['http://127.0.0.1:8787', 'the simulator'],
    ['http://127.255.255.254', 'anywhere in 127.0.0.0/8'],
    ['http://localhost:5173', 'localhost'],
    ['http://[::1]:8080', 'IPv6 loopback'],
    ['http://[0:0:0:0:0:0:0:1]', 'IPv6 loopback written out'],
    ['  https://booster.example  ', 'padding is trimmed'],
    ['https://xn--bcher-kva.example', 'an IDN host'],
  ])('%s (%s)', (url) => {
    expect(refusal(url)).toBeUndefined();
  });
});

describe('Booster address: refused with the field named', () => {
  it.each([
    ['http://evil', /must start with https:\/\//],
    ['http://evil.example:80', /must start with https:\/\//],
    ['http://127.0.0.1.evil.com', /must start with https:\/\//],
    ['http://localhost.evil.com', /must start with https:\/\//],
    ['http://[::ffff:7f00:1]', /must start with https:\/\//],
    ['http://0.0.0.0', /must start with https:\/\//],
    ['javascript:alert(1)', /must start with https:\/\//],
    ['JavaScript://booster.example/%0aalert(1)', /must start with https:\/\//],
    ['data:text/html,<script>alert(1)</script>', /must start with https:\/\//],
    ['ws://booster.example', /must start with https:\/\//],
    ['https:booster.example', /must start with https:\/\//],
    ['https:/booster.example', /must start with https:\/\//],
    ['//booster.example', /enter the Booster address/],
    ['booster.example', /enter the Booster address/],
    ['https://', /enter the Booster address/],
    ['https://user:pass@booster.example', /user name or password/],
    ['https://user:pass@127.0.0.1', /user name or password/],
    ['https://booster.example@evil.example', /user name or password/],
    ['https://booster.example/api?key=secret', /'\?' or '#'/],
    ['https://boo ster.example', /spaces, line breaks or backslashes/],
    ['https://booster.exa\nmple', /spaces, line breaks or backslashes/],
    ['http://127.0.0.1\t.evil.com', /spaces, line breaks or backslashes/],
    ['https://booster.example\\@evil.example', /spaces, line breaks or backslashes/],
    ['https://booster.example/\u0000', /spaces, line breaks or backslashes/],
    ['https://booster\u00a0.example', /spaces, line breaks or backslashes/],
    ['   ', /enter the Booster address/],
  ])('%j', (url, reason) => {
    const message = refusal(url);
    expect(message).toMatch(/^Booster address: /);
    expect(message).toMatch(reason);
  });

  it('refuses a very long address at once, saying how long it may be', () => {
    const long = `https://${'a'.repeat(5_000_000)}.example`;
    const message = refusal(long);
    expect(message).toMatch(/^Booster address: is too long/);
    expect(message).toContain(String(BASE_URL_MAX_LENGTH));
    // Just under the limit is still judged on its merits.
    const under = `https://booster.example/${'a'.repeat(BASE_URL_MAX_LENGTH - 'https://booster.example/'.length)}`;
    expect(under).toHaveLength(BASE_URL_MAX_LENGTH);
    expect(baseUrlProblem(under)).toBeUndefined();
  });

  it('refuses what is not text, naming the field', () => {
    for (const value of [undefined, null, 42, ['https://booster.example'], { href: 'https://x' }]) {
      expect(refusal(value)).toMatch(/^Booster address: /);
    }
  });

  it('keeps the address as typed, only trimmed (what is checked is what is stored and used)', () => {
    expect(baseUrlSchema.parse('  https://booster.example/api  ')).toBe('https://booster.example/api');
  });
});
