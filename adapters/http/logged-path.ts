/** Paths whose last segment is a signed link (a capability): the dispute page, the statement page, the customer portal, a chart. */
const signedLinks = /^\/(d|s|p|charts)\/.+/;

/**
 * A request's path as the log may show it: no query, no signed link token (whoever reads the log must not be able
 * to open a customer's dispute page, statement or chart), at most 200 characters.
 * @example loggedPath('/d/abc.def?x=1') // "/d/[token]"
 * @example loggedPath('/charts/abc.png') // "/charts/[token]"
 */
export function loggedPath(url: string | undefined): string {
  const path = url?.split('?')[0] ?? '';
  return path.replace(signedLinks, '/$1/[token]').slice(0, 200);
}
