/** Who gets automated emails; the others are planned and shown but not sent. */
export type Cohort =
  | { readonly kind: 'all' }
  | { readonly kind: 'none' }
  | { readonly kind: 'segments'; readonly segments: ReadonlySet<string> }
  | { readonly kind: 'customers'; readonly externalIds: ReadonlySet<string> };

/**
 * Reads CADENCE_COHORT: `all`, `none`, `segment:top,standard` or `customers:C-1,C-2`.
 * @example parseCohort('segment:top') // { kind: 'segments', segments: Set { 'top' } }
 */
export function parseCohort(text: string): Cohort {
  if (text === 'all' || text === '') return { kind: 'all' };
  if (text === 'none') return { kind: 'none' };
  const [kind, list = ''] = text.split(':', 2) as [string, string?];
  const items = new Set(list.split(',').map((s) => s.trim()).filter(Boolean));
  if (kind === 'segment') return { kind: 'segments', segments: items };
  if (kind === 'customers') return { kind: 'customers', externalIds: items };
  throw new RangeError(`unknown cohort "${text}"`);
}

export function isInCohort(c: Cohort, customer: { readonly segment: string; readonly externalId: string }): boolean {
  switch (c.kind) {
    case 'all': return true;
    case 'none': return false;
    case 'segments': return c.segments.has(customer.segment);
    case 'customers': return c.externalIds.has(customer.externalId);
  }
}
