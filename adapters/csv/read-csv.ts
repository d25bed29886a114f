import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { parse } from 'csv-parse';

/** One data row of a CSV file: its first physical line number and its cells by lower-case header name. */
export interface CsvRow {
  readonly line: number;
  readonly cells: Record<string, string>;
}

export type CsvItem = CsvRow | { readonly line: number; readonly error: string };

export class CsvHeaderError extends Error {
  readonly code = 'csv_header';
  constructor(readonly file: string, message: string) {
    super(`${file}:1: header: ${message}`);
  }
}

/**
 * The separator a header line is split by when it is not a comma: ";" (spreadsheets set up for a decimal comma) or a
 * tab. Column names never hold either, so one of them outnumbering the commas says how the file was exported.
 * @example guessSeparator('external_id;number;amount') // ';'
 * @example guessSeparator('external_id,number,amount') // null
 */
export function guessSeparator(headerLine: string): ';' | '\t' | null {
  const count = (c: string) => headerLine.split(c).length - 1;
  const [commas, semicolons, tabs] = [count(','), count(';'), count('\t')];
  if (semicolons > commas && semicolons >= tabs) return ';';
  if (tabs > commas) return '\t';
  return null;
}

function separatorError(file: string, separator: ';' | '\t'): CsvHeaderError {
  const what = separator === ';' ? "';'" : 'tabs';
  return new CsvHeaderError(file, `the file looks separated by ${what}: arbot reads commas (RFC 4180); export as CSV with commas`);
}

/** The file's first line (its first 64 KB at most), for a header the CSV parser could not read. */
async function firstLine(file: string): Promise<string> {
  const handle = await open(file);
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(65_536), 0, 65_536, 0);
    return buffer.subarray(0, bytesRead).toString('utf8').split(/\r?\n/)[0]!;
  } finally {
    await handle.close();
  }
}

/**
 * Streams a UTF-8, RFC 4180 CSV file with a header row, never holding the whole file in memory.
 * Rows whose cell count differs from the header's are yielded as errors, not thrown, so the rest goes on.
 */
export async function* readCsv(
  file: string,
  header: { required: readonly string[]; known: readonly string[] },
): AsyncGenerator<CsvItem> {
  const parser = createReadStream(file).pipe(
    parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true, raw: true }),
  );
  let columns: string[] | null = null;
  /** Lines csv-parse counted twice so far (each CRLF inside a quoted cell). */
  let counted = 0;
  try {
    for await (const { record, info, raw } of parser as AsyncIterable<{ record: string[]; info: { lines: number }; raw: string }>) {
      // info.lines is where the record ends; a quoted cell may span lines, so count back to where it started.
      // csv-parse counts a CRLF inside a quoted cell as two lines: that excess is taken off here and for every
      // record after it (found 2026-12-06: rows after such a cell were reported one line too far).
      const core = raw.replace(/^[\r\n]+/, '').replace(/(\r\n|\r|\n)$/, '');
      const crlfInside = core.match(/\r\n/g)?.length ?? 0;
      const end = info.lines - counted - crlfInside;
      counted += crlfInside;
      const line = end - (core.match(/\r\n|\r|\n/g)?.length ?? 0);
      if (columns === null) {
        const separator = guessSeparator(raw);
        if (separator) {
          parser.destroy();
          throw separatorError(file, separator);
        }
        columns = record.map((h) => h.trim().toLowerCase());
        const missing = header.required.filter((c) => !columns!.includes(c));
        if (missing.length > 0) {
          parser.destroy();
          throw new CsvHeaderError(file, `missing required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (the first row must name the columns)`);
        }
        const unknown = columns.filter((c) => !header.known.includes(c));
        if (unknown.length > 0) {
          parser.destroy();
          throw new CsvHeaderError(file, `unknown column ${unknown.map((c) => `"${c}"`).join(', ')}; expected ${header.known.join(', ')}`);
        }
        continue;
      }
      if (record.length !== columns.length) {
        yield { line, error: `expected ${columns.length} cells as in the header, got ${record.length}` };
        continue;
      }
      const cells: Record<string, string> = {};
      for (let i = 0; i < columns.length; i++) cells[columns[i]!] = record[i]!;
      yield { line, cells };
    }
  } catch (err) {
    // A ';' file whose cells are quoted ("a";"b") breaks the parser on its header: say what the file is instead.
    const separator = columns === null && !(err instanceof CsvHeaderError) ? guessSeparator(await firstLine(file).catch(() => '')) : null;
    throw separator ? separatorError(file, separator) : err;
  }
  if (columns === null) throw new CsvHeaderError(file, 'the file is empty; the first row must name the columns');
}
