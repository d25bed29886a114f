/**
 * Who may decide on an approval-gated reminder: the customer's account manager, or a finance approver.
 * @example mayDecideApproval({ ownerId: 7n, approver: false }, 7n) // true
 */
export function mayDecideApproval(actor: { readonly ownerId: bigint | null; readonly approver: boolean }, accountManagerId: bigint | null): boolean {
  if (actor.ownerId === null) return false;
  return actor.approver || (accountManagerId !== null && actor.ownerId === accountManagerId);
}
