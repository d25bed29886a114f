/** How many hours a dispute may stay unresolved before it becomes priority 1 and is escalated. */
export const disputeSlaHours = 48;

/** The facts of a dispute the SLA reads. */
export interface SlaDispute {
  readonly openedAt: Date;
  readonly closedAt: Date | null;
  /** When the SLA escalated it (disputes.escalated_at); null until then. Escalation happens once. */
  readonly escalatedAt: Date | null;
}

/**
 * True when an open dispute has waited `disputeSlaHours` or more at `now` and has not been escalated yet.
 * Computed in SQL for speed by escalateDisputes (adapters/postgres/alert-producers.ts), which escalates every
 * dispute this holds for in one statement; test/integration/dispute-sla.test.ts holds the two equal.
 * @example isSlaBreached({ openedAt: new Date('2026-03-01T09:00Z'), closedAt: null, escalatedAt: null }, new Date('2026-03-03T09:00Z')) // true
 */
export function isSlaBreached(dispute: SlaDispute, now: Date): boolean {
  return dispute.closedAt === null && dispute.escalatedAt === null
    && now.getTime() - dispute.openedAt.getTime() >= disputeSlaHours * 3600_000;
}

/** Words in a dispute reason that point at delivery rather than billing, so the delivery owner is asked too. */
const deliveryWords = /\b(deliver(y|ed|ies)?|livraison|not received|non re[çc]u|missing items?|quality|damaged|incomplete|defect(ive)?|install(ation)?|service not)\b/i;

/**
 * True when a dispute's reason is about delivery (goods or service), not about the invoice itself.
 * @example isDeliveryRelated('Quality issue: second delivery incomplete') // true
 */
export function isDeliveryRelated(reason: string): boolean {
  return deliveryWords.test(reason);
}
