import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  disputeInvoiceView,
  disputePageCsp,
  escapeHtml,
  renderAlreadyDisputed,
  renderDisputeForm,
  renderDisputeOpened,
  renderInvoicePaid,
  renderNotice,
  type NoticeKind,
} from '../../blocks/dispute-page.js';
import type { DisputableInvoice } from '../../src/domain/customer-dispute.js';

const hostile = `<script>alert("x")</script> & 'Co' <img src=x onerror=alert(1)>`;
const invoice: DisputableInvoice = {
  invoiceId: 7n, invoiceExternalId: 'E-7', number: 'INV-7', clientReference: 'REF-1', poNumber: null, currency: 'EUR',
  amountMinor: 123450n, dueMinor: 123450n, dueDate: '2026-03-15', customerId: 1n, customerExternalId: 'C-1',
  customerName: 'Northwind', locale: 'en', openDisputeId: null,
};
const view = disputeInvoiceView(invoice);
const form = renderDisputeForm({ invoice: view, csrf: '1772445600.abc' });

describe('disputeInvoiceView', () => {
  it.each([
    ['en', 'EUR', 123450n, '€1,234.50', 'March 15, 2026'],
    ['fr', 'EUR', 123450n, '1\u202f234,50\u00a0€', '15 mars 2026'],
    ['de-CH', 'CHF', 99n, 'CHF\u00a00.99', '15. März 2026'],
    ['ja', 'JPY', 5000n, '￥5,000', '2026年3月15日'],
    ['not a locale!', 'KWD', 12345n, 'KWD\u00a012.345', 'March 15, 2026'],
  ])('formats the amount due and the date for locale %s', (locale, currency, minor, amount, date) => {
    const v = disputeInvoiceView({ ...invoice, locale, currency, amountMinor: minor, dueMinor: minor });
    expect(v.amountDue).toBe(amount);
    expect(v.dueDate).toBe(date);
    expect(v.invoiceTotal).toBeNull();
  });

  it('shows the total beside the amount due when part is settled', () => {
    expect(disputeInvoiceView({ ...invoice, dueMinor: 23450n })).toMatchObject({ amountDue: '€234.50', invoiceTotal: '€1,234.50' });
  });
});

describe('the dispute form', () => {
  it('is a complete English document that needs no script and no other resource', () => {
    expect(form).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(form).toContain('<meta name="viewport"');
    expect(form).not.toMatch(/<script|<link|<img|src=|javascript:/i);
    expect(form).toContain('<main>');
    expect(form.match(/<h1>/g)).toHaveLength(1);
  });

  it('groups the five reasons in a fieldset with a legend, each radio with its own label', () => {
    expect(form).toMatch(/<fieldset>\n<legend>What is wrong\?<\/legend>/);
    const radios = [...form.matchAll(/<input type="radio" id="([^"]+)" name="reason" value="([^"]+)" required>/g)];
    expect(radios.map((m) => m[2])).toEqual(['not_received', 'wrong_amount', 'missing_reference', 'quality_issue', 'other']);
    for (const [, id] of radios) expect(form).toContain(`<label for="${id}">`);
    expect(form).toContain('>Missing PO or reference</label>');
  });

  it('labels the comment, describes its limit and caps it at 2000 characters', () => {
    expect(form).toContain('<label for="comment">Details</label>');
    expect(form).toMatch(/<textarea id="comment" name="comment" rows="6" maxlength="2000" aria-describedby="comment-hint">/);
    expect(form).toContain('Up to 2,000 characters.');
  });

  it('posts to its own address with the CSRF token in a hidden field', () => {
    expect(form).toContain('<form method="post" accept-charset="utf-8">');
    expect(form).toContain('<input type="hidden" name="csrf" value="1772445600.abc">');
  });

  it('shows the invoice facts', () => {
    for (const text of ['Northwind', 'INV-7', 'REF-1', '€1,234.50', 'March 15, 2026']) expect(form).toContain(text);
    expect(form).not.toContain('Purchase order');
    expect(form).toContain('<dd><span lang="en">€1,234.50</span></dd>');
  });

  it('has a visible focus style and its style is allowed by the CSP hash, nothing else', () => {
    const style = /<style>(.*)<\/style>/s.exec(form)![1]!;
    expect(style).toContain(':focus-visible{outline:3px solid');
    const hash = createHash('sha256').update(style).digest('base64');
    expect(disputePageCsp).toBe(`default-src 'none'; style-src 'sha256-${hash}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`);
  });

  it('shows errors next to their fields and in a summary, keeping what was typed', () => {
    const html = renderDisputeForm({
      invoice: view, csrf: 'c', values: { reason: 'other', comment: `</textarea>${hostile}` },
      errors: { comment: 'Tell us what is wrong.' },
    });
    expect(html).toContain('<div class="summary" role="alert" aria-labelledby="summary-title">');
    expect(html).toContain('<a href="#comment">Tell us what is wrong.</a>');
    expect(html).toContain('<p class="error" id="comment-error">Tell us what is wrong.</p>');
    expect(html).toContain('aria-describedby="comment-hint comment-error" aria-invalid="true">&lt;/textarea&gt;&lt;script&gt;');
    expect(html).toContain('value="other" required checked>');
    expect(html).not.toContain('<script');
  });

  it('points a missing reason at the radio group', () => {
    const html = renderDisputeForm({ invoice: view, csrf: 'c', errors: { reason: 'Choose what is wrong with the invoice.' } });
    expect(html).toContain('<fieldset aria-describedby="reason-error">');
    expect(html).toContain('<a href="#reason-not_received">');
  });
});

describe('escaping', () => {
  const evil = disputeInvoiceView({ ...invoice, customerName: hostile, number: `INV-"><b>`, clientReference: hostile, poNumber: hostile });
  it.each([
    ['the form', renderDisputeForm({ invoice: evil, csrf: '"><script>' })],
    ['the thank-you page', renderDisputeOpened(evil)],
    ['the already-disputed page', renderAlreadyDisputed(evil, true)],
    ['the paid page', renderInvoicePaid(evil)],
  ])('escapes customer and invoice text on %s', (_page, html) => {
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html).toContain(escapeHtml(hostile).slice(0, 40));
    expect(html).toContain('INV-&quot;&gt;&lt;b&gt;');
  });

  it('escapes the five HTML specials', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('outcome and notice pages', () => {
  it('tells the customer an open dispute already covers the invoice, with or without their new message', () => {
    expect(renderAlreadyDisputed(view, true)).toContain('already being looked at');
    expect(renderAlreadyDisputed(view, true)).toContain('We have added your message to it.');
    expect(renderAlreadyDisputed(view, false)).not.toContain('We have added your message');
  });

  it('says a paid invoice is paid in full', () => {
    expect(renderInvoicePaid(view)).toContain('<h1>Invoice INV-7 is paid in full</h1>');
  });

  it.each<[NoticeKind, string]>([
    ['link_malformed', 'This link does not work'], ['link_forged', 'This link does not work'],
    ['link_expired', 'This link has expired'], ['invoice_unknown', 'We cannot find this invoice'],
    ['form_expired', 'Please send the form again'], ['wrong_origin', 'This form must be sent from our page'],
    ['rate_limited', 'Too many attempts'], ['unreadable_form', 'We could not read the form'],
    ['internal', 'Something went wrong on our side'],
  ])('renders the %s notice', (kind, title) => {
    const html = renderNotice(kind, { retryHref: 'AQ.x', reference: 'ref-1' });
    expect(html).toContain(`<title>${title}</title>`);
    expect(html).toContain(`<h1>${title}</h1>`);
    expect(html).toContain('Reference: ref-1');
  });

  it('offers to open the form again where that helps', () => {
    expect(renderNotice('form_expired', { retryHref: 'AQ"x' })).toContain('<a href="AQ&quot;x">Open the form again</a>');
    expect(renderNotice('link_expired', { retryHref: 'AQ.x' })).not.toContain('<a ');
  });
});
