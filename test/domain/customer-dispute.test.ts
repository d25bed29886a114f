import { describe, expect, it } from 'vitest';
import {
  customerDisputeExternalId,
  customerDisputeReasonText,
  decideCustomerDispute,
  normalizeCustomerComment,
} from '../../src/domain/customer-dispute.js';

describe('customer disputes', () => {
  it.each([
    ['an unpaid invoice without a dispute opens one', 100n, null, 'open'],
    ['a partly paid invoice opens one', 1n, null, 'open'],
    ['an invoice paid in full has nothing to dispute', 0n, null, 'paid'],
    ['an overpaid invoice has nothing to dispute', -5n, null, 'paid'],
    ['an open dispute absorbs the submission', 100n, 9n, 'already_open'],
    ['an open dispute wins over paid in full', 0n, 9n, 'already_open'],
  ])('%s', (_what, dueMinor, openDisputeId, decision) => {
    expect(decideCustomerDispute({ dueMinor, openDisputeId })).toBe(decision);
  });

  it.each([
    ['wrong_amount', 'We agreed 900', 'Wrong amount: We agreed 900'],
    ['not_received', '', 'Not received'],
    ['missing_reference', 'PO 4711', 'Missing PO or reference: PO 4711'],
    ['quality_issue', 'Broken', 'Quality issue: Broken'],
    ['other', 'Why?', 'Other: Why?'],
  ] as const)('writes the reason for %s and "%s"', (reason, comment, text) => {
    expect(customerDisputeReasonText(reason, comment)).toBe(text);
  });

  it.each([
    ['  padded  ', 'padded'],
    ['a\r\nb\rc\nd', 'a\nb\nc\nd'],
    ['tab\tkept, nul\u0000 and bell\u0007 dropped', 'tab\tkept, nul and bell dropped'],
    ['\n\n', ''],
  ])('normalizes %j', (input, output) => {
    expect(normalizeCustomerComment(input)).toBe(output);
  });

  it('names the dispute after the invoice and the instant', () => {
    expect(customerDisputeExternalId('INV-EXT-7', new Date('2026-03-02T10:00:00Z'))).toBe('link:INV-EXT-7:2026-03-02T10:00:00.000Z');
  });
});
