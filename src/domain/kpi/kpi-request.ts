import { z } from 'zod';
import { isCalendarDate, type CalendarDate } from '../calendar-date.js';
import { isCurrencyCode } from '../currency.js';

/** Customer segments a KPI query can be narrowed to (customers.segment). */
export const kpiSegments = ['top', 'standard', 'at_risk'] as const;

const schema = z.object({
  as_of: z.string().refine(isCalendarDate, 'expected a date YYYY-MM-DD').optional(),
  currency: z.string().transform((c) => c.trim().toUpperCase())
    .refine(isCurrencyCode, 'expected an ISO 4217 currency code such as USD').optional(),
  segment: z.enum(kpiSegments, { error: `expected one of ${kpiSegments.join(', ')}` }).optional(),
});

/** A validated KPI request; `as_of` left out means "today in the company's time zone". */
export interface KpiRequest {
  readonly asOf?: CalendarDate | undefined;
  readonly currency?: string | undefined;
  readonly segment?: string | undefined;
}

export type ParsedKpiRequest = { ok: true; request: KpiRequest } | { ok: false; field: string; reason: string };

/**
 * Validates the parameters shared by `arbot kpi` and `GET /api/v1/kpi` (absent ones may be undefined).
 * @example parseKpiRequest({ as_of: '2026-03-31', currency: 'usd' }) // { ok: true, request: { asOf: '2026-03-31', currency: 'USD' } }
 * @example parseKpiRequest({ segment: 'vip' }) // { ok: false, field: 'segment', reason: 'expected one of top, standard, at_risk' }
 */
export function parseKpiRequest(input: { as_of?: string | undefined; currency?: string | undefined; segment?: string | undefined }): ParsedKpiRequest {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0] ?? 'request');
    const got = (input as Record<string, string | undefined>)[field];
    return { ok: false, field, reason: `${issue.message}${got === undefined ? '' : `, got "${got}"`}` };
  }
  const { as_of, currency, segment } = parsed.data;
  return { ok: true, request: { asOf: as_of, currency, segment } };
}
