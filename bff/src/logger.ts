import pino, { DestinationStream, Logger } from 'pino';

export type { Logger };

/**
 * Structured logs. Bodies are never logged; these paths are redacted anyway in case an
 * object carrying them reaches a log call.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'authorization',
  'idNumber',
  'phone',
  'secret',
  'token',
  'accessToken',
  'refreshToken',
  'body',
  '*.idNumber',
  '*.phone',
  '*.secret',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.body',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'yibao-bff' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
