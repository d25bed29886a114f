import { describe, expect, it } from 'vitest';
import { findDates } from '../../../src/domain/replies/reply-dates.js';

// Tuesday 10 March 2026 is "today" unless a row says otherwise.
const dates = (folded: string, today = '2026-03-10', zone = 'Europe/Paris') =>
  findDates(folded, today, zone).map((d) => d.date);

describe('findDates', () => {
  it.each([
    ['15 march', ['2026-03-15']],
    ['march 15th', ['2026-03-15']],
    ['on the 15th of march', ['2026-03-15']],
    ['le 15 mars', ['2026-03-15']],
    ['le 1er avril', ['2026-04-01']],
    ['15/03', ['2026-03-15']],
    ['15/03/2026', ['2026-03-15']],
    ['15.03.2026', ['2026-03-15']],
    ['15/03/27', ['2027-03-15']],
    ['2026-03-15', ['2026-03-15']],
    ['17 mars 2026', ['2026-03-17']],
    ['tomorrow', ['2026-03-11']],
    ['demain', ['2026-03-11']],
    ['apres-demain', ['2026-03-12']],
    ['next friday', ['2026-03-13']],
    ['vendredi prochain', ['2026-03-13']],
    ['on tuesday', ['2026-03-17']],
    ['this tuesday', ['2026-03-10']],
    ['end of the month', ['2026-03-31']],
    ['fin du mois', ['2026-03-31']],
    ['fin du mois prochain', ['2026-04-30']],
    ['end of next week', ['2026-03-20']],
    ['fin de semaine prochaine', ['2026-03-20']],
    ['debut de semaine prochaine', ['2026-03-16']],
    ['this week', ['2026-03-13']],
    ['cette semaine', ['2026-03-13']],
    ['in 10 days', ['2026-03-20']],
    ['dans 10 jours', ['2026-03-20']],
    ['in 2 weeks', ['2026-03-24']],
    ['sous huitaine', ['2026-03-18']],
    ['the 22nd', ['2026-03-22']],
    ['le 22', ['2026-03-22']],
    ['the 5th', ['2026-04-05']],
    ['today', ['2026-03-10']],
    ['la semaine derniere', []],
    ['30 jours fin de mois', []],
    ['net 30', []],
    ['paiement le 1 000 eur', []],
    ['1 200,50 eur and €5.10 and 12.50 eur', []],
    ['31/02', []],
    ['invoice of 1 march, paid on 15 march', ['2026-03-01', '2026-03-15']],
    ['thursday 19 march', ['2026-03-19']],
    ['jeudi 19 mars', ['2026-03-19']],
    ['monday, march 23, 2026', ['2026-03-23']],
    ['in two weeks', ['2026-03-24']],
    ['dans deux semaines', ['2026-03-24']],
    ['in three days', ['2026-03-13']],
    ['the 20th of this month', ['2026-03-20']],
    ['the 10th of next month', ['2026-04-10']],
    ['le 10 du mois prochain', ['2026-04-10']],
    ['le 5 du mois', ['2026-04-05']],
    ['every second friday', []],
    ['chaque jeudi', []],
    ['tous les lundis', []],
    ['sous 48 heures', ['2026-03-12']],
    ['en fin de semaine', ['2026-03-13']],
  ])('reads "%s" on Tuesday 10 March 2026', (text, want) => {
    expect(dates(text)).toEqual(want);
  });

  it.each([
    ['a day-month three months back rolls to next year', '10 january', '2026-12-15', '2027-01-10'],
    ['a day-month five days back stays this year', '5 march', '2026-03-10', '2026-03-05'],
    ['a day-month 60 days back stays this year', '9 january', '2026-03-10', '2026-01-09'],
    ['a day-month 61 days back rolls over', '8 january', '2026-03-10', '2027-01-08'],
    ['a bare day past this month goes to next month, across a year end', 'the 3rd', '2026-12-20', '2027-01-03'],
    ['29 February is no date when neither this year nor the next has one', '29 february', '2026-03-10', null],
  ])('%s', (_name, text, today, want) => {
    expect(dates(text, today)[0] ?? null).toBe(want);
  });

  it.each([
    ['America/New_York', '3/20', '2026-03-20'],
    ['America/New_York', '20/3', '2026-03-20'],
    ['Europe/London', '3/4', '2026-04-03'],
    ['America/Sao_Paulo', '3/4', '2026-04-03'],
  ])('in %s reads "%s" as %s', (zone, text, want) => {
    expect(dates(text, '2026-03-10', zone)).toEqual([want]);
  });

  it('returns quickly on hostile input', () => {
    const hostile = `${'1/'.repeat(50_000)} ${'le '.repeat(50_000)} ${'15 '.repeat(50_000)}`;
    const started = performance.now();
    findDates(hostile, '2026-03-10', 'Europe/Paris');
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
