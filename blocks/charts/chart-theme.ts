/**
 * One theme for every chart: an opaque white card with near-black text and saturated series colours. A chart is an
 * image, so Slack's and Teams' dark themes do not recolour it; a card that brings its own light background is
 * readable on both (a transparent or dark-only image would lose its text on one of them). Every colour that carries
 * data has at least 3:1 contrast on the background (WCAG 1.4.11) and text at least 4.5:1 (1.4.3), held by
 * test/blocks/charts/chart-theme.test.ts; lines also differ by dash, so no reading depends on colour alone.
 */
export const chartTheme = {
  background: '#FFFFFF',
  border: '#D0D7DE',
  text: '#1F2328',
  mutedText: '#57606A',
  grid: '#E1E4E8',
  axis: '#57606A',
  fontFamily: 'DejaVu Sans, Verdana, sans-serif',
  /** One per currency line, in the order the currencies come. */
  series: ['#0B5CAD', '#B8470B', '#1A7F37', '#8250DF', '#BF1E6E', '#4D5561'],
  /** Dash patterns matching `series`: the first solid. */
  dashes: ['', '8 4', '2 3', '10 3 2 3', '4 4', '12 6'],
  /** Aging bars from current to the oldest bucket: blue, then warmer and darker with age. */
  aging: ['#0B5CAD', '#9A6700', '#BC4C00', '#CF222E', '#82071E'],
} as const;
