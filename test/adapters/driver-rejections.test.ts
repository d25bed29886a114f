import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { isDriverTypesFetchFailure } from '../../adapters/postgres/driver-rejections.js';

const typesQuery = `
      select b.oid, b.typarray
      from pg_catalog.pg_type a
      left join pg_catalog.pg_type b on b.oid = a.typelem
      where a.typcategory = 'A'
      group by b.oid, b.typarray
      order by b.oid
    `;
const driverError = (query: string) => Object.assign(new postgres.PostgresError({ message: 'terminating connection due to administrator command', code: '57P01' } as never), { query });

describe('isDriverTypesFetchFailure', () => {
  it('recognises the driver’s dropped array-types query, as thrown and as a test runner serializes it', () => {
    expect(isDriverTypesFetchFailure(driverError(typesQuery))).toBe(true);
    expect(isDriverTypesFetchFailure(JSON.parse(JSON.stringify({ name: 'PostgresError', message: 'x', query: typesQuery })))).toBe(true);
  });

  it.each([
    ['a PostgresError of one of our queries', driverError('SELECT 1 FROM invoices')],
    ['another error carrying the same query', Object.assign(new Error('x'), { query: typesQuery })],
    ['a string', typesQuery],
    ['null', null],
    ['undefined', undefined],
  ])('leaves %s alone', (_what, reason) => {
    expect(isDriverTypesFetchFailure(reason)).toBe(false);
  });
});
