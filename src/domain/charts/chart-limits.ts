/**
 * What Slack image blocks and Teams card images accept, and the size arbot draws within them.
 * Slack: https://docs.slack.dev/reference/block-kit/blocks/image-block (image_url ≤ 3000, alt_text ≤ 2000 characters;
 * the image is fetched by Slack from a public URL). Teams: cards-reference "Inline card images" (an HTTPS URL, at
 * most 1024×1024 and 1 MB, PNG, JPEG or GIF); the Adaptive Card Image element documents no altText limit, so the
 * Slack one bounds both.
 */
export const slackImageLimits = { imageUrlMaxChars: 3000, altTextMaxChars: 2000 } as const;
export const teamsImageLimits = { maxWidthPx: 1024, maxHeightPx: 1024, maxBytes: 1024 * 1024, protocol: 'https:' } as const;

/** The pixel size of every chart PNG: inside Teams' 1024×1024 and wide enough to read in a chat column. */
export const chartSizePx = { width: 800, height: 480 } as const;
