import { describe, expect, it } from 'vitest';
import { checkRequest } from '../../../tools/web-host/request-guard';

const port = 5174;

describe('checkRequest', () => {
  it('allows our own pages and plain local tools', () => {
    for (const headers of [
      { host: '127.0.0.1:5174' },
      { host: 'localhost:5174', origin: 'http://localhost:5174', secFetchSite: 'same-origin' },
      { host: '127.0.0.1:5174', origin: 'http://127.0.0.1:5174', secFetchSite: 'same-origin' },
      { host: '127.0.0.1:5174', secFetchSite: 'none' },
    ]) {
      expect(checkRequest(headers, port), JSON.stringify(headers)).toEqual({ allowed: true });
    }
  });

  it('refuses DNS rebinding, other origins and cross-site requests', () => {
    for (const headers of [
      {},
      { host: 'evil.example:5174' },
      { host: 'evil.example' },
      { host: '127.0.0.1:5175' },
      { host: '127.0.0.1' },
      { host: '0.0.0.0:5174' },
      { host: '[::1]:5174' },
      { host: '127.0.0.1:5174', origin: 'http://evil.example' },
      { host: '127.0.0.1:5174', origin: 'null' },
      { host: '127.0.0.1:5174', origin: 'http://127.0.0.1:5175' },
      { host: '127.0.0.1:5174', origin: 'https://127.0.0.1:5174' },
      { host: '127.0.0.1:5174', origin: 'http://127.0.0.1:5174.evil.example' },
      { host: '127.0.0.1:5174', secFetchSite: 'cross-site' },
      { host: '127.0.0.1:5174', secFetchSite: 'same-site' },
    ]) {
      expect(checkRequest(headers, port).allowed, JSON.stringify(headers)).toBe(false);
    }
  });
});
