import type { DisputeStatus } from '../domain/disputes/dispute-status.js';

export interface DisputeState {
  readonly id: bigint;
  readonly invoiceId: bigint;
  readonly status: DisputeStatus;
  readonly ownerId: bigint | null;
  readonly ownerName: string | null;
}

export interface ApprovalState {
  readonly emailId: bigint;
  readonly status: string;
  readonly decision: string | null;
  readonly decidedBy: string | null;
  readonly accountManagerId: bigint | null;
  readonly customerName: string;
}

/** Writes of chat actions. Each write also appends its audit row, in the same transaction. */
export interface ChatActionStore {
  findOwnerByChatId(platform: string, userId: string): Promise<{ id: bigint; email: string; name: string; team: 'sales' | 'delivery' | 'finance'; approver: boolean } | null>;
  dispute(id: bigint): Promise<DisputeState | null>;
  /** Compare-and-set: sets the owner only if none; returns the owner afterwards (theirs or ours). */
  claimDispute(id: bigint, ownerId: bigint, actor: string): Promise<{ claimed: boolean; ownerName: string | null }>;
  setDisputeStatus(id: bigint, from: DisputeStatus, to: DisputeStatus, closes: boolean, reopens: boolean, actor: string): Promise<boolean>;
  openDispute(invoiceId: bigint, reason: string, actor: string): Promise<{ disputeId: bigint } | { alreadyOpen: bigint } | null>;
  addNote(target: { invoiceId?: bigint; disputeId?: bigint }, body: string, actor: string): Promise<void>;
  logPromise(invoiceId: bigint, date: string, amountMinor: bigint | null, note: string, actor: string): Promise<boolean>;
  holdReminders(invoiceId: bigint, until: string | null, reason: string, actor: string): Promise<boolean>;
  invoiceCurrency(invoiceId: bigint): Promise<string | null>;
  approval(emailId: bigint): Promise<ApprovalState | null>;
  /** Decides a pending approval (compare-and-set on status 'awaiting_approval'). */
  decideApproval(emailId: bigint, decision: 'approved' | 'refused' | 'personal', note: string | null, actor: string): Promise<boolean>;
  /** Marks a platform interaction as processed; false when it was already (a retry or a double click). */
  firstTime(key: string): Promise<boolean>;
  /** Undoes firstTime for an interaction that was refused, so the person can correct it and submit it again. */
  forget(key: string): Promise<void>;
}
