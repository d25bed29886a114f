// The ids of chat controls (buttons, menus) and forms (Slack modals, Teams forms): what every surface draws and
// the chat core decodes (src/chat/chat-action.ts).

/** Interactive controls, the same on every platform. Values identify the subject; handlers re-check everything. */
export const actionIds = {
  logPromise: 'arbot.promise',
  pauseReminders: 'arbot.hold',
  openDispute: 'arbot.dispute_open',
  addNote: 'arbot.note',
  claimDispute: 'arbot.dispute_claim',
  setDisputeStatus: 'arbot.dispute_status',
  approveEscalation: 'arbot.approval_approve',
  refuseEscalation: 'arbot.approval_refuse',
  handlePersonally: 'arbot.approval_personal',
  approveChange: 'arbot.change_approve',
  snoozeDay: 'arbot.snooze_day',
  refuseChange: 'arbot.change_refuse',
  /** On a customer's reply: answer it by email (a form), resume reminders, mark it dealt with, read it whole. */
  answerReply: 'arbot.reply_answer',
  resumeReminders: 'arbot.reply_resume',
  replyDone: 'arbot.reply_done',
  fullReply: 'arbot.reply_full',
  /** On `/ar <customer>`'s late-payment charges: claim them in the next email, waive them (a form), and a finance approver's decision. */
  claimFees: 'arbot.fees_claim',
  waiveFees: 'arbot.fees_waive',
  approveFees: 'arbot.fees_approve',
  refuseFees: 'arbot.fees_refuse',
  /** On a credit alert (data `{ a }`, the alert): put the customer on credit hold (a form), release it, change the limit (a form). */
  creditHold: 'arbot.credit_hold',
  creditRelease: 'arbot.credit_release',
  creditLimit: 'arbot.credit_limit',
  /** Payment plans (issue 20): on a plan_request card (data `{ a }`) approve, refuse (a form); on a plan_broken card call done, re-plan (a form), resume normal reminders; on an invoice card (`{ i }`) offer a plan (a form). */
  approvePlan: 'arbot.plan_approve',
  refusePlan: 'arbot.plan_refuse',
  planCallDone: 'arbot.plan_call_done',
  replan: 'arbot.plan_replan',
  planResume: 'arbot.plan_resume',
  offerPlan: 'arbot.plan_offer',
  /** On a plan_request card (data `{ a }`): propose other dates to the customer (a form). */
  proposePlan: 'arbot.plan_propose',
  /** On a change of bank details: a finance approver puts it in force, or refuses it. */
  approveBankChange: 'arbot.bank_change_approve',
  refuseBankChange: 'arbot.bank_change_refuse',
  /** On a customer's /ar view (data `{ cu }`): a finance approver sets its credit limit (a form). */
  setCustomerCreditLimit: 'arbot.customer_credit_limit',
  /** On `/ar <customer>`'s late-payment charges in doubt (data `{ cu }`): the customer was told (sent), or not (claimed again). */
  feesTold: 'arbot.fees_told',
  feesNotTold: 'arbot.fees_not_told',
  /**
   * On a customer's /ar view (data `{ cu }`, issue 19 review): put it on credit hold (the sales owner or finance, a
   * form with the reason) or release its hold (a finance approver), as a credit alert's buttons do.
   */
  setCustomerCreditHold: 'arbot.customer_credit_hold',
  releaseCustomerCreditHold: 'arbot.customer_credit_release',
} as const;
export type ActionId = (typeof actionIds)[keyof typeof actionIds];

/** Modal (Slack view) callback ids. */
export const formIds = {
  promise: 'arbot.form_promise',
  hold: 'arbot.form_hold',
  dispute: 'arbot.form_dispute',
  note: 'arbot.form_note',
  refuse: 'arbot.form_refuse',
  refuseChange: 'arbot.form_change_refuse',
  answerReply: 'arbot.form_reply_answer',
  waiveFees: 'arbot.form_fees_waive',
  creditHold: 'arbot.form_credit_hold',
  creditLimit: 'arbot.form_credit_limit',
  refusePlan: 'arbot.form_plan_refuse',
  offerPlan: 'arbot.form_plan_offer',
  replan: 'arbot.form_plan_replan',
  proposePlan: 'arbot.form_plan_propose',
  refuseFees: 'arbot.form_fees_refuse',
  customerCreditLimit: 'arbot.form_customer_credit_limit',
  refuseBankChange: 'arbot.form_bank_change_refuse',
  customerCreditHold: 'arbot.form_customer_credit_hold',
} as const;
