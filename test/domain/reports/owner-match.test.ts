import { describe, expect, it } from 'vitest';
import { matchOwners } from '../../../src/domain/reports/owner-match.js';

const owners = [
  { email: 'ana@acme.example', name: 'Ana Martin' },
  { email: 'dana@acme.example', name: 'Dana Smith' },
  { email: 'chloe@acme.example', name: 'Chloé Petit' },
];
const names = (q: string) => matchOwners(owners, q).map((o) => o.name);

describe('matchOwners', () => {
  it.each([
    ['an email names that owner alone, in any case', 'ANA@acme.example', ['Ana Martin']],
    ['part of a name names every owner it is in', 'an', ['Ana Martin', 'Dana Smith']],
    ['accents and case aside', 'CHLOE', ['Chloé Petit']],
    ['a full name', 'dana smith', ['Dana Smith']],
    ['part of an email', 'chloe@', ['Chloé Petit']],
    ['nobody', 'zoe', []],
  ])('%s', (_, q, expected) => {
    expect(names(q)).toEqual(expected);
  });
});
