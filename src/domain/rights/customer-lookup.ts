import type { Person } from './chat-rights.js';

/** Who may look a customer up (`/ar`, `@arbot ar`, the chooser's buttons): AR_LOOKUP. */
export type ArLookup = 'known' | 'anyone';

/**
 * Whether a person may see a customer's receivables. People arbot does not know can look at the messages in the
 * channels they are in, but a lookup shows any customer's account: off for them unless AR_LOOKUP=anyone.
 * @example mayLookUpCustomers({ ownerId: null, team: null, approver: false }, 'known') // false
 */
export function mayLookUpCustomers(p: Person, setting: ArLookup): boolean {
  return setting === 'anyone' || p.ownerId !== null;
}

export const lookupRefusal = 'arbot does not know you yet, and customer lookups are for the people it knows: ask finance to add you as an owner (owners import)';
