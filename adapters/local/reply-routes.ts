import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { HttpError } from '../http/respond.js';
import type { Route } from '../http/server.js';
import { buildCustomerReplyParse, maxReplyChars } from './customer-reply-parse.js';
import { field, readForm, redirect, safeBack } from './http-kit.js';
import { readOutboxEmail } from './outbox-reader.js';
import { checkPost, type WorkspaceContext } from './workspace-context.js';

const back = (res: ServerResponse, file: string, notice: string) =>
  redirect(res, `${safeBack(`/local/outbox/${file}`)}?notice=${encodeURIComponent(notice.slice(0, 400))}`);

/**
 * "Reply as the customer": answers one outbox email as its customer would, through the inbound webhook itself (a
 * signed Inbound Parse request over loopback, adapters/local/local-inbound.ts), so the reply is stored, matched and
 * pauses reminders exactly as one from SendGrid. A form like the others: the page's CSRF token, its own origin,
 * 64 KiB at most.
 */
export function replyRoutes(ctx: WorkspaceContext): Route[] {
  return [{
    method: 'POST', path: /^\/local\/outbox\/(?<file>[0-9TZ]+-[A-Za-z0-9_-]+\.eml)\/reply$/,
    handler: async (req, res, params) => {
      const form = await readForm(req);
      checkPost(req, form);
      const file = params.file!;
      if (!ctx.inbound.on) return back(res, file, `Replying here is off: ${ctx.inbound.off}`);
      const email = await readOutboxEmail(ctx.outboxDir, file);
      if (!email) throw new HttpError(404, 'not_found', 'no such email in the outbox');
      const text = field(form, 'text').trim();
      if (text === '') return back(res, file, 'Write the customer\'s reply first.');
      if (text.length > maxReplyChars) return back(res, file, `A reply here is at most ${maxReplyChars} characters.`);
      const at = ctx.now();
      const built = buildCustomerReplyParse({ email, text, at, nonce: randomBytes(8).toString('hex') });
      if (!built.ok) return back(res, file, `Cannot reply to this email: ${built.reason}.`);
      const answer = await ctx.inbound.send(built.request, at);
      return back(res, file, answer.ok
        ? `Replied as ${built.from} to ${built.to}: arbot received it as reply ${answer.replyId}, as if SendGrid had posted it.`
        : `The inbound webhook refused the reply (${answer.status}: ${answer.message}).`);
    },
  }];
}
