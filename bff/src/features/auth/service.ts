import * as crypto from 'node:crypto';
import type { TokenPair } from '@yibao/shared';
import { and, eq, isNull } from 'drizzle-orm';
import type { Ctx } from '../../context';
import type { Db } from '../../db/client';
import { newId } from '../../ids';
import { sha256 } from '../../crypto/pii';
import { refreshTokens, users } from '../../db/schema';
import { AppError, unauthenticated } from '../../http/errors';
import { wechatFailure } from '../../wechat/errors';
import { SANDBOX_PREFIX, sandboxOpenid, WX_CODE } from './wechat';

export class AuthService {
  constructor(private readonly ctx: Ctx) {}

  /**
   * POST /auth/login: WeChat code → user (created on first sign-in; one openid is one user) →
   * token pair. `sandbox:<openid>` is the sandbox's own (refused when SANDBOX_LOGIN=0); any other
   * code is exchanged with jscode2session (API.md WeChat, Sign-in).
   */
  async login(code: string, ip: string): Promise<TokenPair> {
    const { limiter, config } = this.ctx;
    await limiter.hit(`login-ip:${ip}`, config.rateLimits.loginPerIp);
    const openid = await this.openidOf(code);
    await limiter.hit(`login-openid:${this.ctx.pii.hash('openid', openid)}`, config.rateLimits.loginPerOpenid);
    const userId = await this.userFor(openid);
    return this.issue(userId, newId('f_'));
  }

  private async openidOf(code: string): Promise<string> {
    const { config, wechat, logger } = this.ctx;
    if (code.startsWith(SANDBOX_PREFIX)) {
      // SANDBOX_LOGIN=0 (the default in production): a sandbox code is no sign-in at all
      if (!config.sandboxLogin) throw new AppError(401, 'WECHAT_CODE_INVALID');
      const openid = sandboxOpenid(code);
      if (openid) return openid;
      throw new AppError(400, 'VALIDATION_FAILED', { reasons: [{ code: 'FIELD_INVALID', field: 'code', message: '登录凭证格式不正确' }] });
    }
    // without WECHAT_APPID no real code can be checked; a code WeChat never issues is not sent on
    if (!wechat.configured || !WX_CODE.test(code)) throw new AppError(401, 'WECHAT_CODE_INVALID');
    try {
      return (await wechat.codeToSession(code)).openid;
    } catch (err) {
      throw wechatFailure(err, 401, logger);
    }
  }

  /** POST /auth/refresh: a refresh token works once; a reused one revokes its whole family. */
  async refresh(refreshToken: string, ip: string): Promise<TokenPair> {
    await this.ctx.limiter.hit(`refresh-ip:${ip}`, this.ctx.config.rateLimits.refreshPerIp);
    const now = this.ctx.clock.now();
    const tokenHash = sha256(refreshToken);
    let reused: string | null = null;
    const outcome = await this.ctx.db.transaction(async (tx) => {
      const [row] = await tx.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash)).for('update');
      if (!row || row.revokedAt) return null;
      if (row.usedAt) {
        // a refresh token used twice: stolen, or a replay; the whole family goes, access tokens too
        await this.revokeFamily(tx, row.familyId, now);
        reused = row.familyId;
        return null;
      }
      if (row.expiresAt.getTime() <= now.getTime()) return null;
      await tx.update(refreshTokens).set({ usedAt: now }).where(eq(refreshTokens.tokenHash, tokenHash));
      const [user] = await tx.select({ userId: users.userId }).from(users).where(eq(users.userId, row.userId));
      if (!user) return null;
      return this.issue(row.userId, row.familyId, tx);
    });
    if (reused) this.ctx.revocations.learn(reused);
    if (!outcome) throw unauthenticated();
    return outcome;
  }

  /**
   * POST /auth/logout: the caller's refresh-token family is revoked, and with it every access
   * token of the family — in this process before the answer, in the others within a poll (Revocations).
   */
  async logout(familyId: string): Promise<void> {
    await this.ctx.db.transaction((tx) => this.revokeFamily(tx, familyId, this.ctx.clock.now()));
    this.ctx.revocations.learn(familyId);
  }

  private async revokeFamily(tx: Db, familyId: string, now: Date): Promise<void> {
    await tx.update(refreshTokens).set({ revokedAt: now }).where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
    await this.ctx.revocations.record(familyId, tx);
  }

  /** The user of a WeChat openid, created on first sign-in; the table keeps the openid's keyed digest (lookups) and a sealed copy (messages). */
  private async userFor(rawOpenid: string): Promise<string> {
    const { db, clock } = this.ctx;
    const openid = this.ctx.pii.hash('openid', rawOpenid);
    const [found] = await db.select({ userId: users.userId, sealed: users.openidSealed }).from(users).where(eq(users.openid, openid));
    if (found) {
      // accounts made before the sealed copy was kept get it at their next sign-in
      if (!found.sealed) await db.update(users).set({ openidSealed: this.ctx.pii.encrypt(rawOpenid) }).where(eq(users.userId, found.userId));
      return found.userId;
    }
    const [created] = await db
      .insert(users)
      .values({ userId: newId('u_'), openid, openidSealed: this.ctx.pii.encrypt(rawOpenid), createdAt: clock.now() })
      .onConflictDoNothing()
      .returning({ userId: users.userId });
    if (created) return created.userId;
    const [winner] = await db.select({ userId: users.userId }).from(users).where(eq(users.openid, openid));
    return winner.userId;
  }

  private async issue(userId: string, familyId: string, db = this.ctx.db): Promise<TokenPair> {
    const { config, clock, tokens } = this.ctx;
    const now = clock.now();
    const refreshToken = crypto.randomBytes(32).toString('base64url');
    await db.insert(refreshTokens).values({
      tokenHash: sha256(refreshToken),
      familyId,
      userId,
      expiresAt: new Date(now.getTime() + config.refreshTtlSeconds * 1000),
      createdAt: now,
    });
    const access = tokens.signAccess('citizen', userId, config.accessTtlSeconds, familyId);
    return { accessToken: access.token, refreshToken, expiresIn: access.expiresIn };
  }
}
