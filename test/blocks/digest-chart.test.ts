import { describe, expect, it } from 'vitest';
import { buildDigestMessage } from '../../blocks/slack/digest-blocks.js';
import { buildDigestCard } from '../../blocks/teams/digest-card.js';
import type { DigestChart } from '../../src/views/digest-view.js';
import { digest } from './slack/fixtures.js';
import { blockKitViolations } from './slack/limits.js';
import { cardViolations } from './teams/card-schema.js';

// The weekly digest's 12-month chart: an image on Slack (any URL Slack accepts), an Adaptive Card image on Teams
// (HTTPS only), both with alt text stating the month-end figures; none for a digest stored without one.

const point = (month_end: string, dso: number | null, overdue: number | null) => ({ month_end, dso_90d: dso, overdue_share_amount: overdue });
const chart = (url: string): DigestChart => ({
  url,
  trend: [{ currency: 'EUR', points: [point('2026-01-31', 41, 0.25), point('2026-02-28', 38.4, 0.2)] }] as unknown as DigestChart['trend'],
});
const alt = 'DSO over 2 months in EUR: 41 days in Jan 2026, 38 days in Feb 2026; overdue share 25% in Jan 2026, 20% in Feb 2026.';

describe('weekly digest: trend chart', () => {
  it('draws the chart with its figures as alt text on Slack and Teams', () => {
    const d = { ...digest(), chart: chart('https://ar.example.com/charts/AQ.x.png') };
    const image = buildDigestMessage(d).blocks!.find((b) => b.type === 'image');
    expect(image).toEqual({ type: 'image', image_url: 'https://ar.example.com/charts/AQ.x.png', alt_text: alt });
    expect(JSON.stringify(buildDigestCard(d).card)).toContain(JSON.stringify({ type: 'Image', url: 'https://ar.example.com/charts/AQ.x.png', altText: alt, size: 'Stretch' }));
    expect(blockKitViolations(buildDigestMessage(d), 'message')).toEqual([]);
    expect(cardViolations(buildDigestCard(d).card)).toEqual([]);
  });

  it('leaves Teams without an image over plain http (the local workspace address), and both without a chart', () => {
    const local = { ...digest(), chart: chart('http://localhost:3000/charts/AQ.x.png') };
    expect(buildDigestMessage(local).blocks!.some((b) => b.type === 'image')).toBe(true);
    expect(JSON.stringify(buildDigestCard(local).card)).not.toContain('"Image"');
    const none = digest();
    expect(buildDigestMessage(none).blocks!.some((b) => b.type === 'image')).toBe(false);
    expect(JSON.stringify(buildDigestCard(none).card)).not.toContain('"Image"');
  });
});
