/** How long a dispute may stay unresolved before it becomes priority 1 and is escalated. */
export const disputeSlaMs = 48 * 3600_000;

/**
 * True when an open dispute has waited past the SLA at `now` and has not been escalated yet.
 * @example isSlaBreached(new Date('2026-03-01T09:00Z'), null, 2, new Date('2026-03-03T09:00Z')) // true
 */
export function isSlaBreached(openedAt: Date, closedAt: Date | null, priority: number, now: Date): boolean {
  return closedAt === null && priority !== 1 && now.getTime() - openedAt.getTime() >= disputeSlaMs;
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
