import { dateInZone } from '../../src/domain/calendar-date.js';
import type { CreditHoldFacts } from '../../src/views/credit-view.js';

/** A credit hold as cards show it: the day it was set in the company's zone; null when no hold is in force. */
export const holdFacts = (r: { hold_set_by: string | null; hold_set_at: Date | null; hold_reason: string | null }, zone: string): CreditHoldFacts | null =>
  (r.hold_set_at === null ? null : { setBy: r.hold_set_by ?? 'someone', setOn: dateInZone(r.hold_set_at, zone), reason: r.hold_reason ?? '' });
