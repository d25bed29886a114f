import type { WebClient } from '@slack/web-api';
import type { ChatPeople } from '../../src/ports/chat-views.js';
import type { AlertView, OwnerRef } from '../../src/views/alert-view.js';

/** How long an email Slack does not know is not asked again. */
const missTtlMs = 6 * 3600_000;

/**
 * Owners named in an alert become real mentions: those without a Slack id are looked up by email
 * (users.lookupByEmail, needs users:read.email) when the alert is posted, and the id found is stored on the owner,
 * so each email is asked once. Emails Slack does not know are remembered for a while, not asked every minute.
 * A failed lookup (Slack down, missing scope) leaves the name in plain text: the alert still goes out.
 */
export function slackMentions(people: ChatPeople, client: WebClient) {
  const misses = new Map<string, number>();
  const found = new Map<string, string>();

  async function idOf(owner: OwnerRef): Promise<string | null> {
    if (owner.slackUserId !== null) return owner.slackUserId;
    const email = owner.email.toLowerCase();
    const known = found.get(email);
    if (known) return known;
    if ((misses.get(email) ?? 0) > Date.now()) return null;
    try {
      const r = await client.users.lookupByEmail({ email });
      const id = r.user?.id;
      if (!id) throw Object.assign(new Error('no user'), { data: { error: 'users_not_found' } });
      await people.linkChatId('slack', email, id);
      found.set(email, id);
      return id;
    } catch {
      misses.set(email, Date.now() + missTtlMs);
      return null;
    }
  }

  const withId = async (o: OwnerRef | null): Promise<OwnerRef | null> => (o === null ? null : { ...o, slackUserId: await idOf(o) });

  /** The view with every owner's Slack id filled in where Slack knows their email. */
  return async function resolve(view: AlertView): Promise<AlertView> {
    switch (view.kind) {
      case 'dispute':
        return {
          ...view,
          dispute: { ...view.dispute, owner: await withId(view.dispute.owner) },
          mention: await Promise.all(view.mention.map(async (o) => (await withId(o))!)),
        };
      case 'approval':
      case 'approval_reminder':
        return { ...view, approval: { ...view.approval, owner: await withId(view.approval.owner) } };
      case 'delivery_blocker':
        return {
          ...view,
          owner: await withId(view.owner),
          dispute: view.dispute && { ...view.dispute, owner: await withId(view.dispute.owner) },
        };
      default:
        return 'owner' in view ? { ...view, owner: await withId(view.owner) } : view;
    }
  };
}
