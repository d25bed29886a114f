import { describe, expect, it } from 'vitest';
import { findAmounts } from '../../../src/domain/replies/reply-amounts.js';

describe('findAmounts', () => {
  it.each([
    ['€1,200.50', undefined, 120050n, 'EUR'],
    ['1 200,50 €', undefined, 120050n, 'EUR'],
    ['1\u202f200,50 €', undefined, 120050n, 'EUR'],
    ['eur 1200', undefined, 120000n, 'EUR'],
    ['1.200,50 eur', undefined, 120050n, 'EUR'],
    ['1200 euros', undefined, 120000n, 'EUR'],
    ['$3,450.00', undefined, 345000n, 'USD'],
    ['$3,450.00', 'CAD', 345000n, 'CAD'],
    ['£850', undefined, 85000n, 'GBP'],
    ['2,500 usd', undefined, 250000n, 'USD'],
    ['1.200 eur', undefined, 120000n, 'EUR'],
    ['jpy 5000', undefined, 5000n, 'JPY'],
  ])('reads "%s" (invoice currency %s) as %s minor units of %s', (text, fallback, minor, currency) => {
    const [first] = findAmounts(text.replace(/\u202f/g, ' '), fallback);
    expect(first).toMatchObject({ minor, currency });
  });

  it.each([['10 units'], ['le 15 mars'], ['ref 88812'], ['jpy 10.5']])('finds no amount in "%s"', (text) => {
    expect(findAmounts(text)).toEqual([]);
  });
});
