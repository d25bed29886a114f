import { describe, expect, it } from 'vitest';
import { loggedPath } from '../../adapters/http/logged-path.js';

describe('the path a log line shows', () => {
  it.each([
    ['/d/eyJhbGciOi.sig', '/d/[token]'],
    ['/s/abc123.sig?lang=fr', '/s/[token]'],
    ['/p/abc123.sig/promise', '/p/[token]'],
    ['/charts/aGVsbG8.sig.png', '/charts/[token]'],
    ['/webhooks/sendgrid/inbound?x=secret', '/webhooks/sendgrid/inbound'],
    ['/local/c/sales-ana', '/local/c/sales-ana'],
    ['/d/a/b', '/d/[token]'],
  ])('%s → %s', (url, shown) => {
    expect(loggedPath(url)).toBe(shown);
  });

  it('is bounded and takes a missing url', () => {
    expect(loggedPath(`/${'x'.repeat(5000)}`)).toHaveLength(200);
    expect(loggedPath(undefined)).toBe('');
  });
});
