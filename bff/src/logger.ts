import { isIP } from 'node:net';
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
 * Characters that may stand between the digits of an ID number or a phone as people write them
 * (after NFKC, which turns full-width digits, letters, spaces and the full-width hyphen into
 * ASCII): white space, hyphens and dashes of every kind, dots, underscores and middle dots (not
 * slashes: they separate path segments).
 */
const SEP = '[\\s._\\-\u2010-\u2015\u2212\u00B7\u30FB\u2027\u2219]';
/** 11 or more digits, each pair separated by at most 3 separator characters, with an optional final X (ID numbers). */
const DIGIT_RUN = new RegExp(`\\d(?:${SEP}{0,3}\\d){10,}(?:${SEP}{0,3}[Xx])?`, 'g');
/**
 * A JWT (header `{"…` in base64url), and a base64url run of 20 or more characters with a digit or
 * with both cases in it (refresh and QR tokens, which random bytes always make so; our own ids are
 * 18 characters; names like SANDBOX_IN_PRODUCTION stay readable).
 */
const TOKENISH = /eyJ[\w-]*(?:\.[\w-]*){0,2}|[A-Za-z0-9_-]{20,}/g;
const looksRandom = (run: string) => run.startsWith('eyJ') || /\d/.test(run) || (/[a-z]/.test(run) && /[A-Z]/.test(run));

/**
 * Masks what looks like an ID number, a phone or a token in a text meant for a log line,
 * whatever way it is written: NFKC first (full-width digits ３２０１０２…), then runs of 11 or more
 * digits separated by spaces, dashes or dots (`138-0000-0001`, `320102 19800314 0113`).
 */
export function redactText(text: string): string {
  const normalised = text.normalize('NFKC');
  return normalised.replace(DIGIT_RUN, '[redacted]').replace(TOKENISH, (run) => (looksRandom(run) ? '[redacted]' : run));
}

/**
 * The path of a request as the request log writes it: without the query, and with what looks like
 * an ID number, a phone or a token masked (redactText), also when %-encoded (a client may put one
 * in a URL).
 */
export function logPath(url: string): string {
  const path = url.split('?')[0];
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // a malformed %-escape: decode what can be decoded, segment by segment, and mask the rest
    decoded = path.replace(/(?:%[0-9A-Fa-f]{2})+/g, (m) => {
      try {
        return decodeURIComponent(m);
      } catch {
        return m;
      }
    });
  }
  return redactText(decoded);
}

/**
 * Every string of a log object masked by redactText (keys kept), depth-limited; an `ip` field that
 * holds an IP address is kept as it is (a caller's address is what a guessing attempt is logged by).
 */
function redactStrings(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactStrings(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = k === 'ip' && typeof v === 'string' && isIP(v) ? v : redactStrings(v, depth + 1);
  return out;
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'yibao-bff' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      // by key above; by content here, for every string of every line (the message included)
      formatters: { log: (obj) => redactStrings(obj) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? redactText(a) : a)) as Parameters<typeof method>);
        },
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
