import { describe, expect, it } from 'vitest';
import { createRepeatedKeys } from '../../src/domain/import/repeated-keys.js';

describe('createRepeatedKeys', () => {
  it('answers the first position of a key seen before, and null for a new one', () => {
    const keys = createRepeatedKeys();
    expect(keys.earlier('INV-1', 2)).toBeNull();
    expect(keys.earlier('INV-2', 3)).toBeNull();
    expect(keys.earlier('INV-1', 7)).toBe(2);
    expect(keys.earlier('INV-1', 9)).toBe(2);
    expect(keys.size).toBe(2);
  });

  it('remembers position 0 (the first item of an API body)', () => {
    const keys = createRepeatedKeys();
    expect(keys.earlier('P-1', 0)).toBeNull();
    expect(keys.earlier('P-1', 4)).toBe(0);
  });

  it('tells apart keys that differ by case, spaces or an invisible character', () => {
    const keys = createRepeatedKeys();
    for (const [i, k] of ['inv-1', 'INV-1', 'INV-1 ', 'INV\u200b-1', 'INV-1\u0000', ''].entries()) expect(keys.earlier(k, i)).toBeNull();
  });

  it('keeps every key through its growth: 300,000 distinct keys, then each again', () => {
    const keys = createRepeatedKeys();
    const n = 300_000;
    const falseRepeats = [];
    for (let i = 0; i < n; i++) if (keys.earlier(`ERP-I-${i}`, i + 2) !== null) falseRepeats.push(i);
    expect(falseRepeats).toEqual([]);
    const wrong = [];
    for (let i = 0; i < n; i += 7) if (keys.earlier(`ERP-I-${i}`, n + i) !== i + 2) wrong.push(i);
    expect(wrong).toEqual([]);
    expect(keys.size).toBe(n);
  });
});
