import * as crypto from 'node:crypto';
import { CheckInBody, redemptionOutcome, toShanghaiIso } from '@yibao/shared';
import { eq } from 'drizzle-orm';
import type { Ctx } from '../../context';
import { param as p } from '../../db/statement';
import { newId } from '../../ids';
import { checkIns } from '../../db/schema';
import { AppError, unauthenticated } from '../../http/errors';

const digest = (s: string) => crypto.createHash('sha256').update(s).digest();

export class HospitalService {
  /** The claim of a token, once per jti (built once: a named prepared statement on PostgreSQL). */
  private readonly claim;

  constructor(private readonly ctx: Ctx) {
    this.claim = ctx.db
      .insert(checkIns)
      .values({ checkInId: p('checkInId'), qrJti: p('jti'), personId: p('personId'), hospitalId: p('hospitalId'), department: p('department'), checkedInAt: p('at') })
      .onConflictDoNothing()
      .returning({ checkInId: checkIns.checkInId })
      .prepare('check_in_claim');
  }

  /**
   * POST /hospital/sessions: a hospital signs in with its secret. Wrong secrets are limited per
   * hospital *and* caller address (API.md Hospitals): guessing from one address never locks out a
   * terminal at another, and each wrong secret is logged with the address it came from (never the
   * secret). The per-hospital limit counts sessions opened (right secrets) only.
   */
  async session(hospitalId: string, secret: string, ip: string): Promise<{ accessToken: string; expiresIn: number }> {
    const { limiter, config, upstream, tokens, logger } = this.ctx;
    const limits = config.rateLimits;
    const failures = `hospital-failure:${hospitalId}:${ip}`;
    await limiter.hit(`hospital-ip:${ip}`, limits.hospitalSessionPerIp);
    const hospital = upstream.catalog().hospitals.find((h) => h.hospitalId === hospitalId);
    // compare digests in constant time, and do the work even for an unknown hospital
    const ok = crypto.timingSafeEqual(digest(hospital?.secret ?? '\u0000unknown'), digest(secret)) && !!hospital;
    // A wrong secret counts as a failure before the limit is checked, so that parallel guesses (in
    // any process) see each other and a burst gets no more through than the limit. A right one is
    // reserved alike under another name (the same work: the timing of a locked answer tells
    // nothing), so that terminals signing in together do not count against each other.
    const pending = await limiter.reserve(ok ? `hospital-signin:${hospitalId}` : failures);
    let failed = false;
    try {
      try {
        await limiter.ensureBelow(failures, limits.hospitalSessionFailuresPerAddress, pending);
      } catch (err) {
        logger.warn({ hospitalId: hospital ? hospitalId : '(unknown)', ip }, 'hospital sign-in refused: too many wrong secrets from this address');
        throw err;
      }
      if (!ok) {
        failed = true;
        logger.warn({ hospitalId: hospital ? hospitalId : '(unknown)', ip }, 'hospital sign-in: wrong secret');
        throw unauthenticated();
      }
      await limiter.hit(`hospital:${hospitalId}`, limits.hospitalSessionPerHospital);
    } finally {
      if (!failed) await limiter.release(pending);
    }
    const access = tokens.signAccess('hospital', hospitalId, config.hospitalTtlSeconds);
    return { accessToken: access.token, expiresIn: access.expiresIn };
  }

  /** POST /hospital/check-ins (P-QR-2, P-FAM-10): a token is redeemed once; the check-in is the person's the code names. */
  async checkIn(hospitalId: string, input: CheckInBody) {
    const { ctx } = this;
    const now = ctx.clock.now();
    const read = ctx.tokens.readQr(input.token);
    if (!read.authentic) throw new AppError(422, 'QR_INVALID');
    const wasUsed = async () => {
      const [used] = await ctx.db.select({ id: checkIns.checkInId }).from(checkIns).where(eq(checkIns.qrJti, read.jti));
      return !!used;
    };
    // A live token (the usual case) goes straight to the claim below, whose unique qr_jti answers
    // "used"; only an expired one is looked up first, since used wins over expired (P-QR-2).
    const live = redemptionOutcome({ authentic: true, expiresAt: read.expiresAt, used: false }, now) === 'OK';
    const outcome = redemptionOutcome({ authentic: true, expiresAt: read.expiresAt, used: live ? false : await wasUsed() }, now);
    if (outcome === 'QR_ALREADY_USED') throw new AppError(409, 'QR_ALREADY_USED');
    if (outcome === 'QR_EXPIRED') throw new AppError(422, 'QR_EXPIRED');
    if (outcome === 'QR_INVALID') throw new AppError(422, 'QR_INVALID');
    const person = await ctx.people.get(read.personId);
    if (!person) {
      if (await wasUsed()) throw new AppError(409, 'QR_ALREADY_USED');
      throw new AppError(422, 'QR_INVALID');
    }
    const checkInId = newId('c_');
    const claimed = await this.claim.execute({ checkInId, jti: read.jti, personId: person.personId, hospitalId, department: input.department ?? null, at: now });
    if (claimed.length === 0) throw new AppError(409, 'QR_ALREADY_USED');
    const v = ctx.people.view(person);
    return {
      checkInId,
      checkedInAt: toShanghaiIso(now),
      patient: { personId: v.personId, maskedName: v.maskedName, maskedIdNumber: v.maskedIdNumber, gender: v.gender, age: v.age, insurance: v.insurance },
    };
  }
}
