import { attrs, escapeHtml, type Html } from '../../../blocks/local/html.js';
import type { OutboxEmail } from '../outbox-reader.js';
import { maxReplyChars, replyParties } from '../customer-reply-parse.js';
import { form, type Frame } from './layout.js';

/** "Reply as the customer" under the chosen email: prefilled with an example, or why replying is off here. */
export interface ReplyForm {
  readonly frame: Frame;
  readonly prefill: string;
  /** Null when replying works; else why not (SENDGRID_INBOUND_PUBLIC_KEY is set). */
  readonly off: string | null;
}

function replyForm(email: OutboxEmail, r: ReplyForm): Html {
  const title = '<h3 id="reply-title">Reply as the customer</h3>';
  const parties = replyParties(email);
  const off = r.off ?? (parties.ok ? null : `This email cannot be answered: ${parties.reason}.`);
  if (off !== null || !parties.ok) return `<section class="reply-form" aria-labelledby="reply-title">${title}<p class="empty">${escapeHtml(off ?? '')}</p></section>`;
  const inner = `<p class="meta">From ${escapeHtml(parties.from)} to ${escapeHtml(parties.to)}, in reply to this email: it reaches arbot through the inbound webhook, signed as SendGrid signs, as a real reply would.</p>
<label for="reply-text">What the customer writes back</label>
<textarea id="reply-text" name="text" rows="4" required${attrs({ maxlength: maxReplyChars })}>${escapeHtml(r.prefill)}</textarea>
<button type="submit" class="bk-button">Send the reply</button>`;
  return `<section class="reply-form" aria-labelledby="reply-title">${title}${form(`/local/outbox/${encodeURIComponent(email.file)}/reply`, r.frame, inner)}</section>`;
}

/**
 * The customer outbox: every email arbot wrote to DATA_DIR/outbox, newest first, and the chosen one as the customer
 * sees it. The email's HTML is shown in a sandboxed frame (no scripts, links open in a new tab), served on its own
 * URL under a strict Content-Security-Policy.
 */
export function outboxMain(emails: readonly OutboxEmail[], chosen: OutboxEmail | null, sendgrid: boolean, reply: ReplyForm | null = null): Html {
  if (emails.length === 0) {
    return `<h1>Customer outbox</h1><p class="empty">${sendgrid
      ? 'SendGrid is configured: customer emails go out through SendGrid, not to the outbox.'
      : 'No email yet. arbot writes each customer reminder here when the cadence sends it (every 15 minutes, or use the demo clock).'}</p>`;
  }
  const rows = emails.map((e) => `<li><a${attrs({ href: `/local/outbox/${encodeURIComponent(e.file)}`, 'aria-current': chosen?.file === e.file ? 'page' : null })}>`
    + `<span class="subject">${escapeHtml(e.subject || '(no subject)')}</span><span class="meta">to ${escapeHtml(e.to)} · ${escapeHtml(e.date)}</span></a></li>`).join('');
  const reader = chosen === null ? '<p class="empty">Choose an email to read it.</p>' : `<article class="email" aria-labelledby="email-subject">
<h2 id="email-subject">${escapeHtml(chosen.subject)}</h2>
<dl class="email-head"><dt>From</dt><dd>${escapeHtml(chosen.from)}</dd><dt>To</dt><dd>${escapeHtml(chosen.to)}</dd>${chosen.cc ? `<dt>Cc</dt><dd>${escapeHtml(chosen.cc)}</dd>` : ''}<dt>Date</dt><dd>${escapeHtml(chosen.date)}</dd></dl>
${chosen.html !== null
    ? `<iframe class="email-frame" title="Email: ${escapeHtml(chosen.subject)}" sandbox="allow-popups allow-popups-to-escape-sandbox"${attrs({ src: `/local/outbox/${encodeURIComponent(chosen.file)}/html` })}></iframe>`
    : `<pre class="email-text">${escapeHtml(chosen.text ?? '')}</pre>`}
${reply === null ? '' : replyForm(chosen, reply)}
</article>`;
  return `<h1>Customer outbox</h1><div class="outbox"><ol class="email-list" role="list" aria-label="Emails, newest first">${rows}</ol>${reader}</div>`;
}
