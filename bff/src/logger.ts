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

/**
 * The path of a request as the request log writes it: without the query, and with what looks like
 * an ID number, a phone or a token masked, also when %-encoded (a client may put one in a URL).
 */
export function logPath(url: string): string {
  const path = url.split('?')[0];
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // a malformed %-escape: mask the raw path
  }
  return decoded.replace(/\d{11,}[\dXx]?/g, '[redacted]').replace(/eyJ[\w-]*(?:\.[\w-]*){0,2}/g, '[redacted]');
}

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
