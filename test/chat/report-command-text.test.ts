import { describe, expect, it } from 'vitest';
import { decodeReportCommand } from '../../src/chat/report-command-text.js';
import { parseReviewArgs, parseTeamArgs } from '../../src/domain/commands/report-args.js';

describe('decoding /review and /team (and Teams\' review, team)', () => {
  it.each([
    ['', { type: 'show_review', month: null }],
    ['  2026-03 ', { type: 'show_review', month: '2026-03' }],
    ['1900-01', { type: 'show_review', month: '1900-01' }],
  ])('reads review %j', (text, action) => {
    expect(decodeReportCommand('review', text)).toEqual({ ok: true, action });
  });

  it.each([
    ['march', /^"march" is not a month \(YYYY-MM\)\. usage: \/review \[YYYY-MM\]$/],
    ['2026-13', /"2026-13" is not a month/],
    ['2026-3', /"2026-3" is not a month/],
    ['2026-03-31', /"2026-03-31" is not a month/],
    ['1899-12', /"1899-12" is not a month/],
    ['2026-03 2026-04', /^give one month, not 2 words\. usage: \/review/],
  ])('refuses review %j with the usage', (text, message) => {
    const r = decodeReportCommand('review', text);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(message);
  });

  it('quotes at most 40 characters of a word it cannot read', () => {
    const r = parseReviewArgs('x'.repeat(500));
    expect(!r.ok && r.message.length).toBeLessThan(120);
  });

  it.each([
    ['', null],
    ['   ', null],
    ['ana@acme.example', 'ana@acme.example'],
    ['  Ana \t Martin ', 'Ana Martin'],
  ])('reads team %j as owner %j', (text, owner) => {
    expect(decodeReportCommand('team', text)).toEqual({ ok: true, action: { type: 'show_team', owner } });
  });

  it('keeps at most 200 characters of an owner query', () => {
    expect(parseTeamArgs('a'.repeat(1000)).owner).toHaveLength(200);
  });
});
