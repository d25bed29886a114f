/**
 * The names of the answers a form carries, the same on every surface: Teams merges its inputs into the action's
 * data under these ids, and the Slack adapter reads its modals' answers into them. They are a contract with cards
 * and modals already posted in people's chats, so they never change.
 */
export const inputIds = {
  promiseDate: 'promise_date',
  promiseAmount: 'promise_amount',
  promiseNote: 'promise_note',
  holdUntil: 'hold_until',
  holdReason: 'hold_reason',
  disputeReason: 'dispute_reason',
  disputeComment: 'dispute_comment',
  note: 'note_text',
  status: 'status',
  refuseReason: 'refuse_reason',
  replyBody: 'reply_body',
  waiveReason: 'waive_reason',
  creditHoldReason: 'credit_hold_reason',
  creditLimitAmount: 'credit_limit_amount',
  planRefuseReason: 'plan_refuse_reason',
  planCount: 'plan_count',
  planFirstDate: 'plan_first_date',
  planInterval: 'plan_interval',
  planProposalNote: 'plan_proposal_note',
  feeRefuseReason: 'fee_refuse_reason',
  creditLimitCurrency: 'credit_limit_currency',
  bankChangeRefuseReason: 'bank_change_refuse_reason',
} as const;

export type InputId = (typeof inputIds)[keyof typeof inputIds];
