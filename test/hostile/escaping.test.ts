import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml as escapePageHtml, renderDisputeForm, disputeInvoiceView } from '../../blocks/dispute-page.js';
import { loadEmailTemplates } from '../../blocks/email/load-templates.js';
import { buildReminderEmail, escapeHtml as escapeEmailHtml } from '../../blocks/email/reminder-email.js';
import { escapeMrkdwn, mention, truncate } from '../../blocks/slack/mrkdwn.js';
import { fcRuns } from '../support/hostile-db.js';

// The three renderers of text arbot did not write (customer names, invoice numbers, references, notes, reasons):
// Slack mrkdwn, the customer's dispute page and the reminder emails. Pure, so properties run over any text.

const attacks = [
  '<!channel>', '<!here>', '<@U123>', '<#C123>', '<http://evil.example|click>', '*bold*', '_it_', '~s~', '`code`',
  '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "' onmouseover='x", '&lt;already&gt;', '&amp;',
];
const anyText = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 80 }),
  fc.array(fc.constantFrom(...attacks, ' ', 'a', '1', '\n'), { maxLength: 12 }).map((a) => a.join('')));

/** Undoes the three entities mrkdwn uses, so the property can check nothing else changed but look-alikes. */
const decodeMrkdwn = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

describe('mrkdwn', () => {
  it('leaves no raw <, > or markup edge in any text, and a raw & only as the start of an entity', () => {
    fc.assert(fc.property(anyText, (text) => {
      const out = escapeMrkdwn(text);
      expect(out).not.toMatch(/[<>`]/);
      expect(out.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
      // No *, _ or ~ at a word edge: mrkdwn could pair it into formatting.
      expect(out).not.toMatch(/(^|[^\p{L}\p{N}])[*_~]|[*_~]($|[^\p{L}\p{N}])/u);
      expect(out).not.toMatch(/@(channel|here|everyone)\b/i);
      // Only the escaped characters changed: the rest reads as written.
      const strip = (s: string) => s.replace(/[*_~`\u2217\u02cd\u223c\u02cb\u2060]/g, '');
      expect(strip(decodeMrkdwn(out))).toBe(strip(text));
    }), fcRuns(500));
  });

  it('never cuts an entity or a control sequence when shortening escaped text', () => {
    fc.assert(fc.property(anyText, fc.integer({ min: 1, max: 60 }), (text, max) => {
      const out = truncate(escapeMrkdwn(text), max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out).not.toMatch(/&(a|am|l|g|amp|lt|gt)?…?$/);
    }), fcRuns(300));
  });

  it.each([['U123<!channel>'], ['<@U1>'], ['W1 2'], ['u123']])('never mentions an owner whose Slack id %s is not an id', (slackUserId) => {
    const m = mention({ name: '<!channel> Ana', email: 'ana@x.example', team: 'sales', slackUserId } as Parameters<typeof mention>[0]);
    expect(m).toBe('&lt;!channel&gt; Ana');
  });
});

describe('HTML (dispute page and emails)', () => {
  it.each([['dispute page', escapePageHtml], ['email', escapeEmailHtml]] as const)('the %s escape leaves no markup character and round-trips', (_what, escape) => {
    fc.assert(fc.property(anyText, (text) => {
      const out = escape(text);
      expect(out).not.toMatch(/[<>"']/);
      const decoded = out.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
      expect(decoded).toBe(text);
    }), fcRuns(500));
  });

  const templates = loadEmailTemplates();
  const hostile = '"><img src=x onerror=alert(1)><script>alert("x")</script> & <!channel> *Co*';

  // Every template shipped, the step experiments' variants (overdue_soft) included.
  it.each(templates.names.flatMap((t) => [[t, 'en'], [t, 'fr']] as const))('renders the %s email (%s) with every customer field escaped in HTML and verbatim in text', (template, locale) => {
    const email = buildReminderEmail({
      template, locale, customerName: hostile, companyName: `Acme ${hostile}`,
      accountManager: { name: `Ana ${hostile}`, email: 'ana@acme.example' }, escalationCopied: true,
      invoices: [{
        number: `INV-1 ${hostile}`, clientReference: `REF ${hostile}`, amountDueMinor: 12345n, currency: 'EUR', dueDate: '2026-03-31',
        daysOverdue: 5, payUrl: 'javascript:alert(1)', disputeUrl: 'https://ar.example.com/d/tok',
      }],
    }, templates);
    expect(email.html).not.toMatch(/<script|<img|onerror=alert\(1\)>|javascript:/i);
    expect(email.html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;');
    // The text part is not HTML: it shows the name as written. The subject is a header, not HTML either.
    expect(email.text).toContain(hostile);
    expect(email.subject).not.toMatch(/[\r\n]/);
  });

  it('keeps any invoice text inert on the dispute form', () => {
    fc.assert(fc.property(anyText, anyText, anyText, (name, number, comment) => {
      const html = renderDisputeForm({
        invoice: disputeInvoiceView({
          invoiceId: 1n, customerName: name, number, clientReference: comment, poNumber: name, currency: 'EUR', amountMinor: 100n, dueMinor: 100n,
          dueDate: '2026-03-01', locale: 'en', hasOpenDispute: false,
        } as unknown as Parameters<typeof disputeInvoiceView>[0]),
        csrf: 'x', values: { reason: 'other', comment }, errors: { comment: comment },
      });
      // Every tag in the output is the page's own: none is a script, image or frame, none has an event handler.
      for (const tag of html.match(/<[a-zA-Z][^>]*>/g) ?? []) expect(tag).not.toMatch(/^<(script|img|svg|iframe)|\son\w+=/i);
    }), fcRuns(200));
  });
});
