import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * JSON-lines logger. Anything that looks like a credential is censored wherever it appears in a log object;
 * customer email addresses are never logged by arbot code in the first place.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'arbot' },
      redact: {
        paths: [
          'authorization', '*.authorization', 'headers.authorization', '*.headers.authorization',
          'token', '*.token', 'password', '*.password', 'secret', '*.secret', 'apiKey', '*.apiKey',
          'databaseUrl', '*.databaseUrl', 'DATABASE_URL', '*.DATABASE_URL', 'API_TOKEN', '*.API_TOKEN',
        ],
        censor: '[redacted]',
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
