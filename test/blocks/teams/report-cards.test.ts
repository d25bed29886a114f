import { describe, expect, it } from 'vitest';
import { buildReviewCard } from '../../../blocks/teams/review-card.js';
import { buildTeamCard } from '../../../blocks/teams/team-card.js';
import { reviewAccount, reviewView, teamOwner, teamView } from '../report-fixtures.js';
import { hostileName } from '../slack/fixtures.js';
import { cardViolations, visibleText } from './card-schema.js';

const many = <T>(n: number, make: (k: number) => T) => Array.from({ length: n }, (_, k) => make(k));
const currencies = many(12, (k) => `C${String(k).padStart(2, '0')}`);

describe('@arbot review card', () => {
  it.each([
    ['no account', reviewView([], [])],
    ['one account', reviewView([reviewAccount(1, hostileName)])],
    ['500 accounts in 12 currencies with long names', reviewView(many(500, (k) => reviewAccount(k, 'N'.repeat(300), currencies)), currencies)],
  ])('is a valid card within Teams\' size with %s', (_, view) => {
    expect(cardViolations(buildReviewCard(view).card)).toEqual([]);
  });

  it('shows fewer accounts when they would not fit, and counts the rest', () => {
    const text = visibleText(buildReviewCard(reviewView(many(500, (k) => reviewAccount(k, `Big ${k} ${'N'.repeat(300)}`, currencies)), currencies)).card);
    const hidden = Number(/…and (\d+) more accounts/.exec(text)?.[1]);
    expect(hidden).toBeGreaterThan(480);
    expect(text).toContain('Big 0 ');
    expect(text).not.toContain(`Big ${500 - hidden} `);
  });

  it('escapes the customer\'s name', () => {
    expect(visibleText(buildReviewCard(reviewView([reviewAccount(1, hostileName)])).card)).toContain('‹!channel› & ∗bold∗');
  });
});

describe('@arbot team card', () => {
  it.each([
    ['nobody matching', teamView([], { query: hostileName })],
    ['one owner', teamView([teamOwner(1)], { scope: 'own' })],
    ['400 owners with long names', teamView(many(400, (k) => teamOwner(k, 'O'.repeat(500))))],
  ])('is a valid card within Teams\' size with %s', (_, view) => {
    expect(cardViolations(buildTeamCard(view).card)).toEqual([]);
  });

  it('shows at most 20 owners and counts the rest, with every team', () => {
    const text = visibleText(buildTeamCard(teamView(many(25, (k) => teamOwner(k)))).card);
    expect(text).toContain('**Owner 19**');
    expect(text).not.toContain('**Owner 20**');
    expect(text).toContain('…and 5 more owners');
    for (const t of ['delivery', 'finance', 'sales']) expect(text).toContain(`**${t} team**`);
  });

  it('names the query it found nobody for, escaped', () => {
    expect(visibleText(buildTeamCard(teamView([], { query: hostileName })).card)).toContain('No owner matches “‹!channel› & ∗bold∗”');
  });
});
