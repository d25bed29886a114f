import type { RoutingFacts, OwnerRoute } from '../../src/domain/alert-routing.js';
import type { AlertChannel, ChatPublisher, PendingAlert } from '../../src/services/dispatch-alerts.js';
import type { Sql } from '../postgres/connect.js';
import { loadRoutingFacts } from '../postgres/chat-views-subjects.js';
import type { LocalUser } from './local-directory.js';

/**
 * Alerts in the local workspace: the same routing facts as Slack's (sales owner, delivery owner, dispute owner), each
 * owner sent to their own local channel (`sales-ana`), and the team channels `sales`, `delivery` and `finance`.
 * Every owner is routed here, whatever platform they use elsewhere: the workspace mirrors the whole team.
 */
export function localAlertChannel(sql: Sql, publisher: ChatPublisher, users: () => Promise<LocalUser[]>): AlertChannel {
  return {
    publisher,
    teams: { sales: 'sales', delivery: 'delivery', finance: 'finance' },
    async routing(alert: PendingAlert): Promise<RoutingFacts> {
      const facts = await loadRoutingFacts(sql, alert);
      const channels = new Map((await users()).map((u) => [u.ownerId, u.channel]));
      const local = (r: OwnerRoute | null): OwnerRoute | null => (r === null ? null : { ownerId: r.ownerId, channel: channels.get(r.ownerId) ?? null });
      return { salesOwner: local(facts.salesOwner), deliveryOwner: local(facts.deliveryOwner), disputeOwner: local(facts.disputeOwner) };
    },
  };
}
