export const disputeStatuses = ['to_clarify', 'awaiting_client', 'resolved', 'credit_note_issued'] as const;
export type DisputeStatus = (typeof disputeStatuses)[number];

export const statusLabels: Readonly<Record<DisputeStatus, string>> = {
  to_clarify: 'To clarify',
  awaiting_client: 'Awaiting client',
  resolved: 'Resolved',
  credit_note_issued: 'Credit note issued',
};

/** Closed statuses end the dispute: the cadence resumes (or stops, if a credit note settled the invoice). */
export function isClosed(status: DisputeStatus): boolean {
  return status === 'resolved' || status === 'credit_note_issued';
}

export type StatusChange =
  | { ok: true; from: DisputeStatus; to: DisputeStatus; closes: boolean; reopens: boolean }
  | { ok: false; reason: 'unchanged' | 'not_claimed'; message: string };

/**
 * Whether a dispute may move from one status to another. Any status may follow any other (a resolved dispute can
 * be reopened when the client comes back), but a change needs an owner: claim first, so someone is accountable.
 * @example changeStatus('to_clarify', 'awaiting_client', true) // { ok: true, closes: false, … }
 */
export function changeStatus(from: DisputeStatus, to: DisputeStatus, claimed: boolean): StatusChange {
  if (from === to) return { ok: false, reason: 'unchanged', message: `the dispute is already "${statusLabels[to]}"` };
  if (!claimed) return { ok: false, reason: 'not_claimed', message: 'claim the dispute first, so it has an owner' };
  return { ok: true, from, to, closes: isClosed(to) && !isClosed(from), reopens: isClosed(from) && !isClosed(to) };
}
