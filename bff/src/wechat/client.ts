import type { WechatApiConfig } from '../config';
import type { Logger } from '../logger';

/**
 * Why a WeChat call did not give an answer:
 * - `UNAVAILABLE`: unreachable, timed out, a 5xx, a body that is not JSON, or errcode -1 (system
 *   busy) on every attempt — the caller answers 503 WECHAT_UNAVAILABLE;
 * - `ERRCODE`: WeChat answered with an errcode (a client error, never tried again).
 */
export class WechatError extends Error {
  constructor(
    readonly kind: 'UNAVAILABLE' | 'ERRCODE',
    readonly errcode: number | null,
    readonly errmsg: string,
  ) {
    super(kind === 'ERRCODE' ? `WeChat errcode ${errcode}: ${errmsg}` : `WeChat unavailable: ${errmsg}`);
  }
}

/** errcodes WeChat documents; the ones the BFF acts on. */
export const ERRCODE = {
  SYSTEM_BUSY: -1,
  INVALID_TOKEN: 40001,
  INVALID_CODE: 40029,
  CODE_USED: 40163,
  TOKEN_EXPIRED: 42001,
  RATE_LIMITED: 45011,
} as const;

export interface WechatCall {
  method: 'GET' | 'POST';
  /** Path under WECHAT_API_BASE, e.g. `/sns/jscode2session`. */
  path: string;
  /** Query parameters: they hold the secret, codes or the access_token, so they are never logged. */
  query?: Record<string, string>;
  body?: unknown;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * The BFF's one HTTP client for WeChat's server API (WECHAT_API_BASE): a timeout per attempt, a
 * deadline over all attempts (so that the citizen has an answer, or 503, within 10 s), bounded
 * retries with exponential backoff on network errors, 5xx and errcode -1, never on a client error
 * (any other errcode, which goes back to the caller). Log lines name the path, the attempt and the
 * errcode: never the query (secret, js_code, access_token) nor a body (session_key, phone).
 */
export class WechatClient {
  constructor(
    private readonly config: WechatApiConfig,
    private readonly logger: Logger,
  ) {}

  /**
   * The JSON answer when its errcode is absent or 0; throws WechatError otherwise.
   * `once`: a call that must not be made twice (a message): one attempt gets the whole deadline,
   * and only an answer that says WeChat did nothing (errcode -1, a refused connection) is tried
   * again — never a timeout or a cut connection, after which WeChat may have acted.
   */
  async call<T extends object>(c: WechatCall, opts: { deadlineMs?: number; once?: boolean } = {}): Promise<T> {
    const { attempts, backoffMs } = this.config;
    const attemptTimeoutMs = opts.once ? Number.MAX_SAFE_INTEGER : this.config.attemptTimeoutMs;
    const deadline = Date.now() + (opts.deadlineMs ?? this.config.deadlineMs);
    const url = new URL(this.config.base + c.path);
    if (c.query) url.search = new URLSearchParams(c.query).toString();
    let last = 'no attempt';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      try {
        const res = await fetch(url, {
          method: c.method,
          headers: c.body === undefined ? undefined : { 'content-type': 'application/json' },
          body: c.body === undefined ? undefined : JSON.stringify(c.body),
          signal: AbortSignal.timeout(Math.min(attemptTimeoutMs, left)),
        });
        const text = await res.text();
        if (res.status >= 500) {
          last = `HTTP ${res.status}`;
        } else {
          let data: { errcode?: unknown; errmsg?: unknown } | null = null;
          try {
            data = JSON.parse(text) as { errcode?: unknown; errmsg?: unknown } | null;
          } catch {
            last = `HTTP ${res.status}, not JSON`;
          }
          if (data && typeof data === 'object') {
            const errcode = typeof data.errcode === 'number' ? data.errcode : 0;
            const errmsg = typeof data.errmsg === 'string' ? data.errmsg.slice(0, 200) : '';
            if (errcode === 0 && res.status < 400) return data as T;
            if (errcode === ERRCODE.SYSTEM_BUSY) {
              last = 'errcode -1 (system busy)';
            } else if (errcode !== 0) {
              this.logger.warn({ wechat: c.path, errcode, errmsg }, 'WeChat refused a call');
              throw new WechatError('ERRCODE', errcode, errmsg);
            } else {
              last = `HTTP ${res.status}`;
            }
          }
        }
      } catch (err) {
        if (err instanceof WechatError) throw err;
        last = networkReason(err);
        if (opts.once && last !== 'ECONNREFUSED') break;
      }
      this.logger.warn({ wechat: c.path, attempt, reason: last }, 'WeChat did not answer');
      const pause = backoffMs * 2 ** (attempt - 1);
      if (attempt < attempts && deadline - Date.now() > pause) await sleep(pause);
    }
    throw new WechatError('UNAVAILABLE', null, last);
  }
}

/** A network failure's name (never its message alone: undici puts the URL, with its query, in some). */
function networkReason(err: unknown): string {
  const e = err as { name?: string; cause?: { code?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'timeout';
  return e?.cause?.code ?? e?.name ?? 'network error';
}
