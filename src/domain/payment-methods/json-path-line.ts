/**
 * The 1-based line of a path's last key in a JSON text, found by walking key after key from the previous one's
 * position; null when a key is not found (a path into an array item, or a missing field). Good enough to point a
 * person at the right line of a file they wrote; never used to read values.
 * @example jsonPathLine('{\n "EUR": {\n  "iban": "x"\n }\n}', ['EUR', 'iban']) // 3
 */
export function jsonPathLine(text: string, path: readonly (string | number)[]): number | null {
  let at = 0;
  let found = -1;
  for (const key of path) {
    if (typeof key === 'number') continue;
    const match = new RegExp(`${JSON.stringify(key).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*:`, 'g');
    match.lastIndex = at;
    const m = match.exec(text);
    if (!m) return found < 0 ? null : lineAt(text, found);
    found = m.index;
    at = m.index + m[0].length;
  }
  return found < 0 ? null : lineAt(text, found);
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
