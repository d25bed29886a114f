// How arbot writes CSV: RFC 4180 quoting, and cells a spreadsheet would run as a formula made inert. The one home
// of that rule; every CSV arbot writes goes through csvLine.

/** First characters that make Excel, LibreOffice or Google Sheets read a cell as a formula (or a DDE command). */
const formulaStart = /^[=+\-@\t\r]/;

/**
 * A cell made safe to open in a spreadsheet: one that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
 * gets a leading single quote, so it is shown as text and never evaluated (OWASP "CSV injection"). Negative
 * amounts are text then too ("'-12.50"), the accepted price of a rule without exceptions.
 * @example neutraliseCell('=HYPERLINK("http://x")') // "'=HYPERLINK(\"http://x\")"; neutraliseCell('ACME') // "ACME"
 */
export function neutraliseCell(cell: string): string {
  return formulaStart.test(cell) ? `'${cell}` : cell;
}

/**
 * One CSV record, quoted as RFC 4180 says: each cell neutralised, then quoted when it holds a comma, a double quote,
 * CR or LF, with inner quotes doubled. Records end with LF rather than RFC 4180's CRLF: arbot's stdout shows every
 * CR as its visible escape (src/cli/terminal-output.ts), and spreadsheets and CSV libraries read LF records alike.
 * @example csvLine(['a,b', 'say "hi"', 'plain']) // '"a,b","say ""hi""",plain\n'
 */
export function csvLine(cells: readonly string[]): string {
  return `${cells.map((c) => {
    const safe = neutraliseCell(c);
    return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  }).join(',')}\n`;
}
