// How arbot writes JSON for people and programs (the CLI's --json, the HTTP API, import_runs.summary). BigInt
// has no JSON form: amounts leave arbot as decimal strings, ids as strings.

/**
 * JSON text of `value`, every bigint as its decimal string.
 * @example toJson({ id: 12n, amount_minor: 123450n }) // '{"id":"12","amount_minor":"123450"}'
 */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

/**
 * A copy of plain data (objects, arrays, scalars) with every bigint as its decimal string, at any depth: for a
 * jsonb column written through the driver, which cannot serialize a bigint.
 * @example bigintsAsStrings({ totals: { EUR: 500n } }) // { totals: { EUR: '500' } }
 */
export function bigintsAsStrings(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(bigintsAsStrings);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, bigintsAsStrings(v)]));
  return value;
}
