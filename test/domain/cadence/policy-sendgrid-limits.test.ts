import { describe, expect, it } from 'vitest';
import { postableCategories, toMailSendBody } from '../../../adapters/email/sendgrid-sender.js';
import { parsePolicy } from '../../../src/domain/cadence/policy.js';
import { reminderCategories, reminderCustomArgs, sendGridLimits } from '../../../src/domain/sendgrid-limits.js';

const step = { offset_days: 3, template: 'overdue' };

describe('a policy is checked at load against what SendGrid accepts', () => {
  it('refuses a 300-character step key, naming the path', () => {
    const r = parsePolicy({ name: 'standard', steps: [{ ...step, key: 'ok' }, { ...step, offset_days: 9, key: `k${'x'.repeat(299)}` }] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^standard\.steps\[1\]\.key: at most 249 characters \(it has 300\): its SendGrid category/);
  });

  it('accepts the longest key whose category fits, and its email carries categories of at most 255 characters', () => {
    const key = `k${'x'.repeat(248)}`;
    const r = parsePolicy({ name: 'standard', steps: [{ ...step, key }] });
    expect(r.ok).toBe(true);
    const categories = reminderCategories(key);
    expect(Math.max(...categories.map((c) => c.length))).toBe(sendGridLimits.categoryLength);
    expect(categories.length).toBeLessThanOrEqual(sendGridLimits.categories);
  });

  it('refuses a policy whose name makes custom_args exceed 10,000 bytes', () => {
    const r = parsePolicy({ name: `p${'x'.repeat(9_999)}`, steps: [{ ...step, key: 'a' }] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/\.steps\[0\]\.key: with the policy name, its SendGrid custom_args take \d+ bytes, at most 10000/);
  });
});

describe('the SendGrid adapter never posts what SendGrid refuses', () => {
  it('drops over-long, empty and repeated categories and keeps at most 10', () => {
    const long = `arbot-${'x'.repeat(300)}`;
    expect(postableCategories(['arbot', long, '', 'arbot'])).toEqual(['arbot']);
    expect(postableCategories(Array.from({ length: 12 }, (_, i) => `c${i}`))).toHaveLength(10);
  });

  it('builds the body from an email with an over-long step category without it', () => {
    const body = toMailSendBody({
      from: { email: 'billing@ar.example', name: 'AR' }, to: ['a@acme.example'], cc: [], replyTo: null,
      subject: 's', text: 't', html: '<p>h</p>',
      customArgs: reminderCustomArgs(1n, 'x'.repeat(306), 'standard'), categories: reminderCategories('x'.repeat(306)),
    });
    expect(body.categories).toEqual(['arbot']);
  });
});
