/**
 * The 1-based line where a JSON text stops being valid, or null when it parses. V8 names a position for most
 * errors but not all ("Unexpected token ']', … is not valid JSON" for a trailing comma), so the first offending
 * character is found by bisection: a prefix is still good while parsing it fails only for lack of input.
 * @example jsonErrorLine('{\n  "a": [1,\n  ]\n}') // 3
 */
export function jsonErrorLine(text: string): number | null {
  const at = errorOffset(text);
  return at === null ? null : text.slice(0, at).split('\n').length;
}

function errorOffset(text: string): number | null {
  const whole = parseError(text);
  if (whole === null) return null;
  const named = /at position (\d+)/.exec(whole);
  if (named) return Number(named[1]);
  if (/Unexpected end of JSON input/.test(whole)) return text.length;
  // The longest good prefix: good prefixes are exactly those shorter than the first offending character.
  let good = 0;
  let bad = text.length;
  while (bad - good > 1) {
    const mid = (good + bad) >> 1;
    if (isGoodPrefix(text.slice(0, mid))) good = mid;
    else bad = mid;
  }
  return good;
}

function isGoodPrefix(prefix: string): boolean {
  const e = parseError(prefix);
  if (e === null || /Unexpected end of JSON input/.test(e)) return true;
  const named = /at position (\d+)/.exec(e);
  return named !== null && Number(named[1]) >= prefix.length;
}

function parseError(text: string): string | null {
  try {
    JSON.parse(text);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}
