// Where claimed late-payment charges will be stated, in the one wording the claim's confirmation and /ar share.

/**
 * "the next reminder email states them" while a reminder is still due to the customer (reminder-reach.ts), else
 * what to do: a customer the reminder schedule no longer reaches is told in a statement email.
 * @example whereChargesGo(false) // 'no reminder is due: Send statement to state them'
 */
export function whereChargesGo(reminderDue: boolean): string {
  return reminderDue ? 'the next reminder email states them' : 'no reminder is due: Send statement to state them';
}
