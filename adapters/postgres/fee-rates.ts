import type { ReferenceRate } from '../../src/domain/fees/reference-rate.js';
import type { Sql } from './connect.js';

export async function referenceRates(sql: Sql): Promise<ReferenceRate[]> {
  const rows = await sql<{ series: string; valid_from: string; rate_bp: number }[]>`
    SELECT series, valid_from::text AS valid_from, rate_bp FROM reference_rates ORDER BY series, valid_from`;
  return rows.map((r) => ({ series: r.series, validFrom: r.valid_from, rateBp: r.rate_bp }));
}

/** Upserts rates by (series, valid_from), all or nothing. */
export async function saveReferenceRates(sql: Sql, rates: readonly ReferenceRate[]): Promise<{ inserted: number; updated: number; unchanged: number }> {
  if (rates.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const [r] = await sql<{ inserted: number; updated: number }[]>`
    WITH up AS (
      INSERT INTO reference_rates AS x (series, valid_from, rate_bp)
      SELECT * FROM unnest(${rates.map((r) => r.series)}::text[], ${rates.map((r) => r.validFrom)}::date[], ${rates.map((r) => r.rateBp)}::int4[])
      ON CONFLICT (series, valid_from) DO UPDATE SET rate_bp = excluded.rate_bp, loaded_at = now()
        WHERE x.rate_bp IS DISTINCT FROM excluded.rate_bp
      RETURNING (xmax = 0) AS inserted
    )
    SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM up`;
  return { inserted: r!.inserted, updated: r!.updated, unchanged: rates.length - r!.inserted - r!.updated };
}
