import { z } from 'zod';
import { reminderStepProblem } from '../sendgrid-limits.js';

export const reminderTemplates = ['upcoming', 'overdue', 'escalation', 'final_notice'] as const;
export type ReminderTemplate = (typeof reminderTemplates)[number];

/**
 * A variant template tried on a share of a step's customers (an experiment): the customers whose stable bucket
 * (variant-assignment.ts) falls under `sharePercent` get `template` instead of the step's own.
 */
export interface StepVariant {
  /** An email template name (blocks/email/templates/<lang>/<name>.*), other than the step's own. */
  readonly template: string;
  /** 1 to 99: the share of the step's customers who get the variant. */
  readonly sharePercent: number;
}

/** One step of a cadence: when (days from the due date; negative is before), which email, who is copied. */
export interface CadenceStep {
  readonly key: string;
  readonly offsetDays: number;
  readonly template: ReminderTemplate;
  readonly ccEscalation: boolean;
  readonly requiresApproval: boolean;
  /** Absent or null: every customer gets `template`. */
  readonly variant?: StepVariant | null;
}

export interface CadencePolicy {
  readonly name: string;
  readonly description: string;
  /** Business days a later step waits after the previous email to the customer; null: CADENCE_MIN_GAP_DAYS. */
  readonly minGapDays: number | null;
  /** Sorted by offset, ascending. */
  readonly steps: readonly CadenceStep[];
}

const slug = z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower-case letters, digits and _, starting with a letter');

const stepSchema = z.object({
  key: slug,
  offset_days: z.number().int('a whole number of days').min(-90, 'at least -90').max(365, 'at most 365'),
  template: z.enum(reminderTemplates),
  cc_escalation: z.boolean().default(false),
  requires_approval: z.boolean().default(false),
  variant: z.object({
    template: slug,
    share_percent: z.number().int('a whole number of percent').min(1, 'at least 1').max(99, 'at most 99'),
  }).strict().nullable().default(null),
});

export const policySchema = z
  .object({
    name: slug,
    description: z.string().default(''),
    min_gap_days: z.number().int('a whole number of business days').min(0, 'at least 0').max(30, 'at most 30').nullable().default(null),
    steps: z.array(stepSchema).min(1, 'a policy needs at least one step'),
  })
  .superRefine((p, ctx) => {
    const seen = new Map<string, number>();
    const offsets = new Map<number, number>();
    p.steps.forEach((s, i) => {
      if (seen.has(s.key)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'key'], message: `step key "${s.key}" is used twice` });
      if (offsets.has(s.offset_days)) {
        ctx.addIssue({ code: 'custom', path: ['steps', i, 'offset_days'], message: `two steps on day ${s.offset_days}` });
      }
      if (s.variant && s.variant.template === s.template) {
        ctx.addIssue({ code: 'custom', path: ['steps', i, 'variant', 'template'], message: `the variant must be another template than the step's own "${s.template}"` });
      }
      seen.set(s.key, i);
      offsets.set(s.offset_days, i);
      // Checked here, at load, so the sender never posts what SendGrid refuses (see sendgrid-limits.ts).
      const problem = reminderStepProblem(p.name, s.key);
      if (problem) ctx.addIssue({ code: 'custom', path: ['steps', i, 'key'], message: problem });
    });
  });

export type PolicyInput = z.input<typeof policySchema>;

export interface ParsePolicyOptions {
  /**
   * The email template names loaded (EmailTemplates.names: each exists in every language). Given, a variant
   * naming another template is refused; absent, variant templates are not checked against any set.
   */
  readonly templateNames?: readonly string[];
}

/**
 * Validates a policy given as data (file or rows) and returns it with steps sorted by offset.
 * A bad step is refused with the path of the problem, e.g. `standard.steps[2].offset_days: at most 365` or
 * `standard.steps[1].variant.share_percent: at most 99`.
 */
export function parsePolicy(input: unknown, options: ParsePolicyOptions = {}): { ok: true; policy: CadencePolicy } | { ok: false; error: string } {
  const r = policySchema.safeParse(input);
  const name = typeof input === 'object' && input && 'name' in input ? String((input as { name: unknown }).name) : 'policy';
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    return { ok: false, error: `${name}${path}: ${issue.message}` };
  }
  const known = options.templateNames;
  if (known) {
    const i = r.data.steps.findIndex((s) => s.variant && !known.includes(s.variant.template));
    if (i >= 0) {
      return {
        ok: false,
        error: `${name}.steps[${i}].variant.template: no email template "${r.data.steps[i]!.variant!.template}" in every language (known: ${known.join(', ')})`,
      };
    }
  }
  const steps = [...r.data.steps]
    .sort((a, b) => a.offset_days - b.offset_days)
    .map((s): CadenceStep => ({
      key: s.key, offsetDays: s.offset_days, template: s.template, ccEscalation: s.cc_escalation, requiresApproval: s.requires_approval,
      ...(s.variant ? { variant: { template: s.variant.template, sharePercent: s.variant.share_percent } } : {}),
    }));
  return { ok: true, policy: { name: r.data.name, description: r.data.description, minGapDays: r.data.min_gap_days, steps } };
}
