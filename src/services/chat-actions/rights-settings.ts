import { defaultChangeLimits, type ChangeLimits } from '../../domain/rights/change-limits.js';
import type { ArLookup } from '../../domain/rights/customer-lookup.js';

/**
 * The configured side of the rights policy, passed to the chat listeners (PAUSE_MAX_DAYS, PROMISE_MAX_DAYS, AR_LOOKUP).
 * `limits` are the defaults: the terms policy (`arbot policy terms`), read at each decision, overrides them per segment.
 */
export interface RightsSettings {
  readonly limits: ChangeLimits;
  readonly arLookup: ArLookup;
}

export const defaultRightsSettings: RightsSettings = { limits: defaultChangeLimits, arLookup: 'known' };

export function rightsSettings(config: { PAUSE_MAX_DAYS: number; PROMISE_MAX_DAYS: number; AR_LOOKUP: ArLookup }): RightsSettings {
  return { limits: { pauseMaxDays: config.PAUSE_MAX_DAYS, promiseMaxDays: config.PROMISE_MAX_DAYS }, arLookup: config.AR_LOOKUP };
}
