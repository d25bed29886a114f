import { z } from 'zod';
import { isTimeZone } from './domain/time-zone.js';

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const schema = z.object({
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'a postgres:// or postgresql:// URL')
      .optional(),
  ),
  DATA_DIR: z.string().trim().min(1).default('./.data'),
  PORT: z.coerce
    .number({ error: 'an integer from 0 to 65535' })
    .int('an integer from 0 to 65535')
    .min(0, 'an integer from 0 to 65535')
    .max(65535, 'an integer from 0 to 65535')
    .default(3000),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  COMPANY_TIMEZONE: z
    .string()
    .default('UTC')
    .refine(isTimeZone, 'an IANA time zone such as Europe/Paris'),
  API_TOKEN: optionalText.pipe(z.string().min(16, 'at least 16 characters').optional()),
  API_MAX_BODY_BYTES: z.coerce
    .number({ error: 'a whole number of bytes, at least 1024' })
    .int('a whole number of bytes, at least 1024')
    .min(1024, 'a whole number of bytes, at least 1024')
    .default(50 * 1024 * 1024),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO_LEDGER: z.enum(['auto', 'off']).default('auto'),
});

export type Config = Readonly<
  z.infer<typeof schema> & {
    /** Where users reach us; defaults to http://localhost:PORT. */
    publicBaseUrl: string;
  }
>;

export class ConfigError extends Error {
  readonly code = 'invalid_config';
}

/**
 * Parses the environment once. The only reader of process.env in arbot.
 * Throws ConfigError whose message is one line naming the variable and what it expected.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    const got = env[name];
    const shown = name.includes('TOKEN') || name.includes('SECRET') || name.includes('KEY') || name === 'DATABASE_URL'
      ? ''
      : got === undefined ? ' (unset)' : ` (got "${got}")`;
    throw new ConfigError(`${name}: expected ${describe(issue)}${shown}`);
  }
  const c = parsed.data;
  return Object.freeze({
    ...c,
    publicBaseUrl: (c.PUBLIC_BASE_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, ''),
  });
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_value') return `one of ${issue.values.map(String).join(', ')}`;
  if (issue.code === 'invalid_format' && issue.format === 'url') return 'an http(s) URL';
  return issue.message;
}
