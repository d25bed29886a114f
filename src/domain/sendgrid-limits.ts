/**
 * What SendGrid's v3 mail/send accepts, and the categories and custom args arbot puts on a reminder. One home for
 * both, so a cadence policy is checked at load against exactly what the sender will post.
 * Limits (SendGrid v3 mail/send reference): each category name at most 255 characters, at most 10 categories per
 * message, custom_args at most 10,000 bytes in total.
 */
export const sendGridLimits = { categoryLength: 255, categories: 10, customArgsBytes: 10_000 } as const;

/** The longest email id custom args ever carry: a bigint, at most 19 digits. */
const longestEmailId = '9223372036854775807';

/**
 * The SendGrid categories of a reminder email: every arbot email, and one per step.
 * @example reminderCategories('overdue') // ["arbot", "arbot-overdue"]
 */
export function reminderCategories(stepKey: string): string[] {
  return ['arbot', `arbot-${stepKey}`];
}

/**
 * The custom args a reminder carries, echoed back by the event webhook.
 * @example reminderCustomArgs(42n, 'overdue', 'standard') // { arbot_email_id: "42", arbot_step: "overdue", arbot_policy: "standard" }
 */
export function reminderCustomArgs(emailId: bigint | string, stepKey: string, policy: string): Record<string, string> {
  return { arbot_email_id: emailId.toString(), arbot_step: stepKey, arbot_policy: policy };
}

/** Custom args size as SendGrid counts it: the UTF-8 bytes of every key and value. */
export function customArgsBytes(args: Readonly<Record<string, string>>): number {
  return Object.entries(args).reduce((n, [k, v]) => n + Buffer.byteLength(k, 'utf8') + Buffer.byteLength(v, 'utf8'), 0);
}

/** Length in characters (code points), as SendGrid counts a category name. */
export const characterCount = (text: string): number => [...text].length;

/**
 * Why a step of policy `policy` could not be posted to SendGrid, or null when it can.
 * @example reminderStepProblem('standard', 'x'.repeat(300)) // "at most 249 characters: its SendGrid category …"
 */
export function reminderStepProblem(policy: string, stepKey: string): string | null {
  const maxKey = sendGridLimits.categoryLength - 'arbot-'.length;
  if (characterCount(stepKey) > maxKey) {
    return `at most ${maxKey} characters (it has ${characterCount(stepKey)}): its SendGrid category "arbot-<key>" may not exceed ${sendGridLimits.categoryLength}`;
  }
  const categories = reminderCategories(stepKey);
  if (categories.length > sendGridLimits.categories) return `gives ${categories.length} SendGrid categories, at most ${sendGridLimits.categories}`;
  const bytes = customArgsBytes(reminderCustomArgs(longestEmailId, stepKey, policy));
  if (bytes > sendGridLimits.customArgsBytes) {
    return `with the policy name, its SendGrid custom_args take ${bytes} bytes, at most ${sendGridLimits.customArgsBytes}`;
  }
  return null;
}
