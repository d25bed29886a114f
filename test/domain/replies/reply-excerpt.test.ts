import { describe, expect, it } from 'vitest';
import { replyExcerpt, replyExcerptLength } from '../../../src/domain/replies/reply-excerpt.js';

describe('replyExcerpt', () => {
  it.each([
    ['keeps a short reply as it is', 'We pay on Friday.', 'We pay on Friday.'],
    ['drops quoted history and joins lines', 'We pay\non the 15th.\n\nOn Mon, 2 Mar 2026, AR <ar@x.com> wrote:\n> Due 1 March', 'We pay on the 15th.'],
    ['drops a signature', 'Paid today.\n-- \nAnn Doe\nAccounts payable', 'Paid today.'],
    ['is empty for an empty reply', '   \n\n', ''],
    ['keeps markup as typed (renderers escape it)', '<!channel> *now*', '<!channel> *now*'],
  ])('%s', (_name, text, want) => {
    expect(replyExcerpt(text)).toBe(want);
  });

  it('cuts a long reply to the list length with an ellipsis', () => {
    const cut = replyExcerpt('word '.repeat(100));
    expect(cut.length).toBeLessThanOrEqual(replyExcerptLength);
    expect(cut.endsWith('word…')).toBe(true);
  });

  it('never splits an emoji in two', () => {
    const cut = replyExcerpt(`${'a'.repeat(8)}😀😀`, 10);
    expect(cut).toBe(`${'a'.repeat(8)}…`);
    expect(replyExcerpt(`${'a'.repeat(7)}😀😀`, 10)).toBe(`${'a'.repeat(7)}😀…`);
  });
});
