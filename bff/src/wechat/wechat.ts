import { eq, lt, or, isNull, and, sql } from 'drizzle-orm';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Pii } from '../crypto/pii';
import type { Db } from '../db/client';
import { wechatTokens } from '../db/schema';
import type { Logger } from '../logger';
import { ERRCODE, WechatClient, WechatError } from './client';

export { WechatError } from './client';

/** How long one process may hold the access_token refresh lease before another may take it. */
const LEASE_MS = 15_000;
/** How often a process waiting for another's refresh looks again. */
const WAIT_POLL_MS = 50;

interface Cached {
  token: string;
  digest: string;
  /** Renew after this instant (some minutes before WeChat's expiry). */
  renewAt: Date;
}

/**
 * WeChat's server API as the BFF uses it (API.md WeChat): sign-in (jscode2session), the
 * access_token (stable_token, cached in the database for every process), the phone number and
 * subscription messages. Needs WECHAT_APPID/WECHAT_SECRET: `configured` says whether they are set.
 */
export class Wechat {
  readonly client: WechatClient;
  private memo: Cached | null = null;
  private inflight: Promise<Cached> | null = null;
  /** Calls to stable_token made by this process (tests and the reliability suite read it). */
  tokenCalls = 0;

  constructor(
    private readonly config: Config,
    private readonly db: Db,
    private readonly pii: Pii,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.client = new WechatClient(config.wechatApi, logger);
  }

  get configured(): boolean {
    return this.config.wechat !== undefined;
  }

  private credentials(): { appId: string; secret: string } {
    if (!this.config.wechat) throw new WechatError('UNAVAILABLE', null, 'WECHAT_APPID/WECHAT_SECRET not set');
    return this.config.wechat;
  }

  /**
   * wx.login code → openid (GET /sns/jscode2session). The session_key WeChat answers with is
   * dropped here: the BFF needs none of what it decrypts, so it is never returned, logged or stored.
   */
  async codeToSession(code: string): Promise<{ openid: string }> {
    const { appId, secret } = this.credentials();
    const data = await this.client.call<{ openid?: unknown; session_key?: unknown }>({
      method: 'GET',
      path: '/sns/jscode2session',
      query: { appid: appId, secret, js_code: code, grant_type: 'authorization_code' },
    });
    if (typeof data.openid !== 'string' || !/^[A-Za-z0-9_-]{1,128}$/.test(data.openid)) {
      throw new WechatError('UNAVAILABLE', null, 'jscode2session answered without a usable openid');
    }
    return { openid: data.openid };
  }

  /**
   * A call that needs the access_token (`?access_token=…`): with the shared token, renewed once
   * (and the call made again) when WeChat answers 40001 or 42001.
   */
  async withToken<T extends object>(path: string, body: unknown, opts: { deadlineMs?: number; once?: boolean } = {}): Promise<T> {
    const started = Date.now();
    const deadlineMs = opts.deadlineMs ?? this.config.wechatApi.deadlineMs;
    const left = () => Math.max(1, deadlineMs - (Date.now() - started));
    const token = await this.accessToken(left());
    try {
      return await this.client.call<T>({ method: 'POST', path, query: { access_token: token }, body }, { deadlineMs: left(), once: opts.once });
    } catch (err) {
      if (!(err instanceof WechatError) || (err.errcode !== ERRCODE.INVALID_TOKEN && err.errcode !== ERRCODE.TOKEN_EXPIRED)) throw err;
      const renewed = await this.renewToken(token, left());
      return this.client.call<T>({ method: 'POST', path, query: { access_token: renewed }, body }, { deadlineMs: left(), once: opts.once });
    }
  }

  /** The shared access_token, from this process's memory, the database, or stable_token. */
  async accessToken(deadlineMs = this.config.wechatApi.deadlineMs): Promise<string> {
    if (this.memo && this.memo.renewAt.getTime() > this.clock.now().getTime()) return this.memo.token;
    return (await this.singleFlight(() => this.load(null, deadlineMs))).token;
  }

  /** After 40001/42001 for `failed`: a newer token, fetched once for every process. */
  private async renewToken(failed: string, deadlineMs: number): Promise<string> {
    const stale = this.pii.hash('wechat-token', failed);
    if (this.memo?.digest === stale) this.memo = null;
    return (await this.singleFlight(() => this.load(stale, deadlineMs))).token;
  }

  private singleFlight(load: () => Promise<Cached>): Promise<Cached> {
    if (!this.inflight) {
      this.inflight = load()
        .then((c) => {
          this.memo = c;
          return c;
        })
        .finally(() => {
          this.inflight = null;
        });
    }
    return this.inflight;
  }

  /**
   * The token from the database if it is fresh (and is not `stale`); otherwise this process takes
   * the refresh lease (an atomic conditional upsert of the token row: one holder at a time across
   * processes) and calls stable_token, or waits for the holder to write the new token.
   */
  private async load(stale: string | null, deadlineMs: number): Promise<Cached> {
    const { appId, secret } = this.credentials();
    const deadline = Date.now() + deadlineMs;
    for (;;) {
      const fresh = await this.fromDb(appId, stale);
      if (fresh) return fresh;
      const now = this.clock.now();
      const taken = await this.db
        .insert(wechatTokens)
        .values({ appId, refreshingUntil: new Date(now.getTime() + LEASE_MS) })
        .onConflictDoUpdate({
          target: wechatTokens.appId,
          set: { refreshingUntil: new Date(now.getTime() + LEASE_MS) },
          setWhere: or(isNull(wechatTokens.refreshingUntil), lt(wechatTokens.refreshingUntil, now)),
        })
        .returning({ appId: wechatTokens.appId });
      if (taken.length === 1) {
        try {
          // the previous holder may have written a token just before this process took the lease
          const again = await this.fromDb(appId, stale);
          if (again) return again;
          this.tokenCalls++;
          const body: Record<string, unknown> = { grant_type: 'client_credential', appid: appId, secret };
          // after 40001/42001 WeChat is asked for a new token rather than the one it still holds valid
          if (stale) body.force_refresh = true;
          const data = await this.client.call<{ access_token?: unknown; expires_in?: unknown }>(
            { method: 'POST', path: '/cgi-bin/stable_token', body },
            { deadlineMs: Math.max(1, deadline - Date.now()) },
          );
          if (typeof data.access_token !== 'string' || data.access_token === '') throw new WechatError('UNAVAILABLE', null, 'stable_token answered without a token');
          const lifetime = typeof data.expires_in === 'number' && data.expires_in > 0 ? data.expires_in : 7200;
          const at = this.clock.now();
          // renewed ahead of expiry: 5 minutes before, or a quarter of a short lifetime
          const renewAt = new Date(at.getTime() + (lifetime - Math.min(300, Math.floor(lifetime / 4))) * 1000);
          const cached: Cached = { token: data.access_token, digest: this.pii.hash('wechat-token', data.access_token), renewAt };
          await this.db
            .update(wechatTokens)
            .set({ tokenSealed: this.pii.encrypt(cached.token), tokenDigest: cached.digest, expiresAt: renewAt, refreshedAt: at, refreshingUntil: null })
            .where(eq(wechatTokens.appId, appId));
          this.logger.info({ renewAt: renewAt.toISOString(), forced: stale !== null }, 'WeChat access_token renewed');
          return cached;
        } catch (err) {
          await this.db.update(wechatTokens).set({ refreshingUntil: null }).where(eq(wechatTokens.appId, appId)).catch(() => undefined);
          throw err;
        }
      }
      if (Date.now() > deadline) throw new WechatError('UNAVAILABLE', null, 'waited too long for another process to renew the access_token');
      await new Promise((r) => setTimeout(r, WAIT_POLL_MS));
    }
  }

  private async fromDb(appId: string, stale: string | null): Promise<Cached | null> {
    const [row] = await this.db.select().from(wechatTokens).where(and(eq(wechatTokens.appId, appId), sql`${wechatTokens.tokenSealed} is not null`));
    if (!row?.tokenSealed || !row.tokenDigest || !row.expiresAt) return null;
    if (row.expiresAt.getTime() <= this.clock.now().getTime() || row.tokenDigest === stale) return null;
    return { token: this.pii.decrypt(row.tokenSealed), digest: row.tokenDigest, renewAt: row.expiresAt };
  }

  /** getPhoneNumber code → the phone WeChat vouches for (POST /wxa/business/getuserphonenumber). */
  async phoneNumber(code: string): Promise<{ phone: string; countryCode: string }> {
    const data = await this.withToken<{ phone_info?: { purePhoneNumber?: unknown; phoneNumber?: unknown; countryCode?: unknown } }>('/wxa/business/getuserphonenumber', { code });
    const info = data.phone_info;
    const phone = typeof info?.purePhoneNumber === 'string' ? info.purePhoneNumber : typeof info?.phoneNumber === 'string' ? info.phoneNumber : null;
    if (!phone) throw new WechatError('UNAVAILABLE', null, 'getuserphonenumber answered without a phone');
    return { phone, countryCode: typeof info?.countryCode === 'string' ? info.countryCode : '86' };
  }

  /**
   * One subscription message (POST /cgi-bin/message/subscribe/send), made once: not repeated
   * after a timeout or a cut connection (WeChat may have sent it; the outbox decides what next).
   */
  async sendSubscribe(message: { touser: string; template_id: string; page: string; data: Record<string, { value: string }> }, deadlineMs: number): Promise<void> {
    await this.withToken('/cgi-bin/message/subscribe/send', message, { deadlineMs, once: true });
  }
}
