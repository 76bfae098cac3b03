import { AppError } from '../http/errors';
import type { Logger } from '../logger';
import { ERRCODE, WechatError } from './client';

/** Seconds a client waits before trying again while WeChat does not answer. */
export const WECHAT_RETRY_AFTER_SECONDS = 5;

export const wechatUnavailable = () =>
  new AppError(503, 'WECHAT_UNAVAILABLE', {
    extra: { retryAfterSeconds: WECHAT_RETRY_AFTER_SECONDS },
    headers: { 'Retry-After': String(WECHAT_RETRY_AFTER_SECONDS) },
  });

/**
 * A failed WeChat call as the contract's answer (API.md WeChat): a bad or used code (40029, 40163)
 * → WECHAT_CODE_INVALID with `codeStatus` (401 at sign-in, 422 for the phone); 45011 → 429
 * RATE_LIMITED; unreachable, -1 after the retries, or an errcode that says our side is wrong
 * (credentials, token) → 503 WECHAT_UNAVAILABLE, logged.
 */
export function wechatFailure(err: unknown, codeStatus: 401 | 422, logger: Logger): unknown {
  if (!(err instanceof WechatError)) return err;
  if (err.kind === 'ERRCODE' && (err.errcode === ERRCODE.INVALID_CODE || err.errcode === ERRCODE.CODE_USED)) return new AppError(codeStatus, 'WECHAT_CODE_INVALID');
  if (err.kind === 'ERRCODE' && err.errcode === ERRCODE.RATE_LIMITED) {
    return new AppError(429, 'RATE_LIMITED', { extra: { retryAfterSeconds: 1 }, headers: { 'Retry-After': '1' } });
  }
  logger.error({ kind: err.kind, errcode: err.errcode, errmsg: err.errmsg }, 'WeChat call failed: answering 503 WECHAT_UNAVAILABLE');
  return wechatUnavailable();
}
