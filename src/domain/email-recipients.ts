/**
 * To and Cc with every address once: trimmed, compared case-insensitively, the first spelling kept, To before Cc
 * (Cc drops an address already in To, e.g. an escalation contact who is also a billing contact). Empty entries go.
 * @example distinctRecipients(['ap@acme.example'], ['AP@acme.example', 'cfo@acme.example'])
 * // { to: ["ap@acme.example"], cc: ["cfo@acme.example"] }
 */
export function distinctRecipients(to: readonly string[], cc: readonly string[]): { to: string[]; cc: string[] } {
  const seen = new Set<string>();
  const unique = (list: readonly string[]) => list.map((a) => a.trim()).filter((a) => {
    const key = a.toLowerCase();
    if (a === '' || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const first = unique(to);
  return { to: first, cc: unique(cc) };
}
