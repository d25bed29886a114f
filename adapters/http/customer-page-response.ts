import type { ServerResponse } from 'node:http';
import { customerPageCsp } from '../../blocks/pages/customer-page.js';

/**
 * Sends a customer page (dispute page, statement) with the headers every one of them needs: no scripts, no framing,
 * no caching, not indexed. Not no-referrer: under that policy browsers send "Origin: null" with a form's POST, and
 * the dispute page's origin check would refuse every real customer; same-origin still keeps the link's token out
 * of any other site's Referer.
 */
export function sendCustomerPage(res: ServerResponse, status: number, html: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'content-security-policy': customerPageCsp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    'cache-control': 'no-store',
    'x-frame-options': 'DENY',
    'x-robots-tag': 'noindex, nofollow',
    ...extra,
  });
  res.end(html);
}
