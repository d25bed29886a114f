import { randomBytes } from 'node:crypto';
import { mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../src/log.js';
import type { EmailSender, OutgoingEmail, SendResult } from '../../src/ports/email-sender.js';
import { distinctRecipients } from '../../src/domain/email-recipients.js';
import { buildEml } from './mime.js';

export interface OutboxSenderOptions {
  /** The outbox folder itself, e.g. `join(config.DATA_DIR, 'outbox')`; created when missing. */
  readonly dir: string;
  readonly log: Pick<Logger, 'info'>;
  readonly now?: () => Date;
}

/**
 * The EmailSender used without a SendGrid key: each email becomes `<dir>/<timestamp>-<arbot_email_id>.eml`, an
 * RFC 5322 file any mail client opens, plus one log line naming the file and the number of recipients (never
 * their addresses). A file that cannot be written is "retry": nothing was sent.
 */
export function createOutboxSender(options: OutboxSenderOptions): EmailSender {
  const now = options.now ?? (() => new Date());

  async function send(email: OutgoingEmail): Promise<SendResult> {
    const date = now();
    const id = (email.customArgs.arbot_email_id ?? '').replace(/[^A-Za-z0-9_-]/g, '') || randomBytes(4).toString('hex');
    const stamp = date.toISOString().replace(/[-:.]/g, ''); // 20260331T090000123Z: sorts by time
    const domain = email.from.email.split('@')[1]?.replace(/[^A-Za-z0-9.-]/g, '') || 'arbot.local';
    const eml = buildEml(email, {
      date,
      messageId: email.messageId ?? `<${stamp}.${id}.${randomBytes(6).toString('hex')}@${domain}>`,
      boundary: `=_arbot_${randomBytes(12).toString('hex')}`,
    });

    let file: string;
    try {
      await mkdir(options.dir, { recursive: true });
      file = await writeNewFile(options.dir, `${stamp}-${id}`, eml);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      return { outcome: 'retry', reason: `outbox write failed: ${code}`, retryAfterMs: null };
    }

    options.log.info(
      { provider: 'outbox', file, recipients: recipientCount(email), emailId: id },
      'email written to the outbox',
    );
    return { outcome: 'sent', provider: 'outbox', messageId: file };
  }

  return { name: 'outbox', send };
}

/**
 * Creates `<base>.eml` ("wx": never overwrites; the same email id twice in one millisecond gets `-2`, `-3`…) and
 * removes it again if writing fails half-way, so the outbox never holds a truncated email.
 */
async function writeNewFile(dir: string, base: string, content: string): Promise<string> {
  for (let n = 1; ; n++) {
    const file = `${base}${n === 1 ? '' : `-${n}`}.eml`;
    let handle;
    try {
      handle = await open(join(dir, file), 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST' && n < 100) continue;
      throw err;
    }
    try {
      await handle.writeFile(content);
      await handle.close();
      return file;
    } catch (err) {
      await handle.close().catch(() => undefined);
      await rm(join(dir, file), { force: true });
      throw err;
    }
  }
}

function recipientCount(email: OutgoingEmail): number {
  const { to, cc } = distinctRecipients(email.to, email.cc);
  return to.length + cc.length;
}
