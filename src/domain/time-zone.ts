const known = new Map<string, boolean>();

/** True when `zone` is an IANA time zone this runtime knows (e.g. "Europe/Paris"). Answers are cached: an import
 * asks this for every row, and building a DateTimeFormat each time was a third of the customers import. */
export function isTimeZone(zone: string): boolean {
  if (zone.length === 0) return false;
  let ok = known.get(zone);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      ok = true;
    } catch {
      ok = false;
    }
    if (known.size < 10_000) known.set(zone, ok);
  }
  return ok;
}
