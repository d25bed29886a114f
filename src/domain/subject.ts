/**
 * What a chat message is about. Every message arbot posts, redraws or answers a click on has one subject; the
 * code passes it typed, and `subjectKey` writes it as text only where it is stored (chat_messages.subject_key).
 *
 * - `invoice`: an overdue invoice's card (id: invoice); `delivery`: its delivery-blocker card (id: invoice)
 * - `dispute`: a dispute's card; `approval` / `approval-reminder`: a reminder email waiting for approval (id: email)
 * - `change`: a pause or promise waiting for a finance approver (id: change request); `alert`: a one-off alert
 * - `reply`: a customer's reply to a reminder, posted in its invoice's thread (id: inbound_replies)
 * - `customer`: a customer as `/ar` shows it, for its late-payment charges' buttons and form (id: customers)
 * - `bank_change`: a change of bank details, for its refusal form (id: payment_detail_changes); its card is an `alert`
 */
export const subjectKinds = ['invoice', 'delivery', 'dispute', 'approval', 'approval-reminder', 'change', 'alert', 'reply', 'customer', 'bank_change'] as const;
export type SubjectKind = (typeof subjectKinds)[number];

export interface SubjectRef {
  readonly kind: SubjectKind;
  readonly id: bigint;
}

/** The largest id Postgres int8 holds: a bigger one is no row of ours. */
export const maxDbId = 9_223_372_036_854_775_807n;

export const subject = (kind: SubjectKind, id: bigint): SubjectRef => ({ kind, id });

/**
 * The stored form of a subject.
 * @example subjectKey({ kind: 'dispute', id: 12n }) // 'dispute:12'
 */
export function subjectKey(ref: SubjectRef): string {
  return `${ref.kind}:${ref.id}`;
}

const keyPattern = /^(invoice|delivery|dispute|approval|approval-reminder|change|alert|reply|customer|bank_change):(\d{1,19})$/;

/**
 * Reads a stored subject back; null for text of another shape or an id past int8.
 * @example parseSubjectKey('dispute:12') // { kind: 'dispute', id: 12n }
 * @example parseSubjectKey('dispute:x') // null
 */
export function parseSubjectKey(key: string): SubjectRef | null {
  const m = keyPattern.exec(key);
  if (!m) return null;
  const id = BigInt(m[2]!);
  return id > maxDbId ? null : { kind: m[1] as SubjectKind, id };
}

/** Same subject. */
export const sameSubject = (a: SubjectRef, b: SubjectRef): boolean => a.kind === b.kind && a.id === b.id;
