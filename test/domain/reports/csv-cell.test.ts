import { describe, expect, it } from 'vitest';
import { csvLine, neutraliseCell } from '../../../src/domain/reports/csv-cell.js';

describe('neutraliseCell', () => {
  it.each([
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+33 1 23 45', "'+33 1 23 45"],
    ['-12.50', "'-12.50"],
    ['@cmd', "'@cmd"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', "'\r=1+1"],
    ['ACME', 'ACME'],
    ['12.50', '12.50'],
    ['', ''],
    [' =1', ' =1'],
    ["'=1", "'=1"],
  ])('makes %j %j', (cell, want) => {
    expect(neutraliseCell(cell)).toBe(want);
  });
});

describe('csvLine', () => {
  it.each([
    [['a', 'b'], 'a,b\n'],
    [['a,b', 'say "hi"', 'plain'], '"a,b","say ""hi""",plain\n'],
    [['two\nlines', 'cr\r'], '"two\nlines","cr\r"\n'],
    [['=HYPERLINK("http://evil")', '-1'], '"\'=HYPERLINK(""http://evil"")",\'-1\n'],
    [['\r=cmd'], '"\'\r=cmd"\n'],
    [[''], '\n'],
  ])('writes %j as %j', (cells, want) => {
    expect(csvLine(cells)).toBe(want);
  });
});
