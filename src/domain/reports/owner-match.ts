/** An owner as a team report names them. */
export interface NamedOwner {
  readonly email: string;
  readonly name: string;
}

/** Lower case without accents, so "chloe" finds "Chloé". */
const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * The owners a `/team <owner>` query names: the one whose email it is (any case); else every owner whose name
 * (or email) contains it, accents and case aside. Order kept.
 * @example matchOwners([{ email: 'ana@x.example', name: 'Ana' }, { email: 'dana@x.example', name: 'Dana' }], 'ANA@x.example') // [Ana]
 * @example matchOwners([{ email: 'ana@x.example', name: 'Ana' }, { email: 'dana@x.example', name: 'Dana' }], 'an') // [Ana, Dana]
 */
export function matchOwners<T extends NamedOwner>(owners: readonly T[], query: string): T[] {
  const q = fold(query.trim());
  if (q === '') return [...owners];
  const byEmail = owners.filter((o) => fold(o.email) === q);
  if (byEmail.length > 0) return byEmail;
  return owners.filter((o) => fold(o.name).includes(q) || fold(o.email).includes(q));
}
