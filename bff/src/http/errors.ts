import { ERROR_MESSAGES, ErrorCode, Reason, ReasonView } from '@yibao/shared';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { logPath, type Logger } from '../logger';
import { replyError, ResponseContractError } from './respond';

/** Reasons as the contract shows them (shared `reasonView`): the rule id stays inside. */
export function publicReasons(reasons: readonly Reason[]): ReasonView[] {
  return reasons.map((r) => {
    const out: ReasonView = { code: r.code, message: r.message };
    if (r.personId !== undefined) out.personId = r.personId;
    if (r.field !== undefined) out.field = r.field;
    return out;
  });
}

export interface AppErrorOptions {
  reasons?: readonly Reason[];
  message?: string;
  /** Extra members of the error object (resumesAt, unlocksAt, retryAfterSeconds…). */
  extra?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** Every refusal the contract names: status + code (+ reasons); rendered by `errorHandler`. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    readonly options: AppErrorOptions = {},
  ) {
    super(code);
  }

  body() {
    const error: Record<string, unknown> = { code: this.code, message: this.options.message ?? ERROR_MESSAGES[this.code] };
    if (this.options.reasons) error.reasons = publicReasons(this.options.reasons);
    Object.assign(error, this.options.extra);
    return { error };
  }
}

export const unauthenticated = () => new AppError(401, 'UNAUTHENTICATED');
export const notFound = () => new AppError(404, 'NOT_FOUND');
export const forbidden = () => new AppError(403, 'FORBIDDEN');
export const realNameRequired = () => new AppError(403, 'REAL_NAME_REQUIRED');
export const validationFailed = (reasons: readonly Reason[]) => new AppError(400, 'VALIDATION_FAILED', { reasons });
export const notEligible = (reasons: readonly Reason[]) => new AppError(422, 'NOT_ELIGIBLE', { reasons });

export function retryAfter(status: 429, code: 'RATE_LIMITED' | 'REAL_NAME_LOCKED', until: Date, now: Date, extra: Record<string, unknown> = {}) {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  return new AppError(status, code, { extra: { retryAfterSeconds: seconds, ...extra }, headers: { 'Retry-After': String(seconds) } });
}

/** Seconds a client waits before retrying while there is no writable database (a failover takes a few). */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

/** API.md: 503 DATABASE_UNAVAILABLE with Retry-After (no writable database, e.g. during a failover). */
export const databaseUnavailable = () =>
  new AppError(503, 'DATABASE_UNAVAILABLE', {
    extra: { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS },
    headers: { 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS) },
  });

/** The driver's and the network's words for a connection that failed, broke or timed out. */
const CONNECTION_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED', 'DATABASE_UNAVAILABLE']);
const CONNECTION_MESSAGES = /^(Connection terminated( unexpectedly| due to connection timeout)?|timeout expired|Client has encountered a connection error and is not queryable|Client was closed and is not queryable|Cannot use a pool after calling end on the pool)$/;

/**
 * True when `err` (or an error it wraps: drizzle wraps the driver's in DrizzleQueryError's
 * `cause`) says the database cannot take the request right now rather than that the request is
 * wrong: no connection (refused, reset, timed out, no writable host), the server shutting down
 * (SQLSTATE 57P01 admin, 57P02 crash, 57P03 cannot connect now), a connection exception (class
 * 08) or a read-only server (25006: a standby, e.g. a demoted primary). Nothing of such a
 * request was committed unless its answer says so: the client retries with the same
 * Idempotency-Key or bill number.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string') {
      if (code === '25006' || code === '57P01' || code === '57P02' || code === '57P03' || /^08[0-9A-Z]{3}$/.test(code)) return true;
      if (CONNECTION_ERRNOS.has(code)) return true;
    }
    if (typeof message === 'string' && CONNECTION_MESSAGES.test(message)) return true;
  }
  return false;
}

export const notFoundHandler: RequestHandler = (_req, _res, next) => next(notFound());

/** The one error handler: contract errors as they are, body-parser errors mapped, anything else 500 without details. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let error: AppError;
    if (err instanceof ResponseContractError) {
      logger.error({ route: err.route, problems: err.problems }, 'response breaks the contract');
      error = new AppError(500, 'INTERNAL');
    } else if (err instanceof AppError) {
      error = err;
    } else if (isDatabaseUnavailable(err)) {
      error = databaseUnavailable();
      logger.warn({ method: req.method, path: logPath(req.path), err: unavailableReason(err) }, 'database unavailable');
    } else if (err && typeof err === 'object' && (err as { name?: unknown }).name === 'URIError') {
      // a path parameter the router cannot decode (a malformed %-escape) names nothing of ours
      error = notFound();
    } else if (err && typeof err === 'object' && 'type' in err && typeof (err as { status?: unknown }).status === 'number') {
      // body-parser (express.json)
      const type = String((err as { type: unknown }).type);
      const status = (err as { status: number }).status;
      if (type === 'entity.too.large') error = new AppError(413, 'PAYLOAD_TOO_LARGE');
      else if (status >= 400 && status < 500)
        error = new AppError(400, 'VALIDATION_FAILED', {
          reasons: [{ code: 'FIELD_INVALID', message: '请求内容不是有效的JSON', field: 'body' }],
        });
      else error = internal(logger, err, req.method, req.path);
    } else {
      error = internal(logger, err, req.method, req.path);
    }
    if (res.headersSent) return;
    if (error.options.headers) res.set(error.options.headers);
    try {
      replyError(res, error.status, error.body());
    } catch (contract) {
      const c = contract as ResponseContractError;
      logger.error({ route: c.route, problems: c.problems, code: error.code }, 'error body breaks the contract');
      res.status(500).json(new AppError(500, 'INTERNAL').body());
    }
  };
}

/** The innermost code and message of a database error (never its query or parameters). */
function unavailableReason(err: unknown): { code?: string; message?: string } {
  let e = err as { code?: unknown; message?: unknown; cause?: unknown };
  for (let depth = 0; e.cause && typeof e.cause === 'object' && depth < 5; depth++) e = e.cause as typeof e;
  return { code: typeof e.code === 'string' ? e.code : undefined, message: typeof e.message === 'string' ? e.message.slice(0, 200) : undefined };
}

function internal(logger: Logger, err: unknown, method: string, path: string): AppError {
  const e = err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : { value: String(err) };
  logger.error({ err: e, method, path: logPath(path) }, 'unhandled error');
  return new AppError(500, 'INTERNAL');
}
