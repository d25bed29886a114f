import type { ReferenceRate } from '../../../src/domain/fees/reference-rate.js';

// Published reference rates, as finance would load them (basis points a year).
// ECB main refinancing operations rate, from the day it took effect.
export const ecb: ReferenceRate[] = [
  ['2024-06-12', 425], ['2024-09-18', 365], ['2024-10-23', 340], ['2024-12-18', 315],
  ['2025-02-05', 290], ['2025-03-12', 265], ['2025-04-23', 240], ['2025-06-11', 215],
].map(([validFrom, rateBp]) => ({ series: 'ecb_mro', validFrom: validFrom as string, rateBp: rateBp as number }));

// Basiszinssatz (§247 BGB), reset on 1 January and 1 July.
export const basiszins: ReferenceRate[] = [
  ['2022-01-01', -88], ['2024-01-01', 362], ['2024-07-01', 337], ['2025-01-01', 227], ['2025-07-01', 127],
].map(([validFrom, rateBp]) => ({ series: 'de_basiszins', validFrom: validFrom as string, rateBp: rateBp as number }));

// Bank of England base rate.
export const boe: ReferenceRate[] = [
  ['2024-08-01', 500], ['2024-11-07', 475], ['2025-02-06', 450], ['2025-05-08', 425], ['2025-08-07', 400],
].map(([validFrom, rateBp]) => ({ series: 'boe_base', validFrom: validFrom as string, rateBp: rateBp as number }));
