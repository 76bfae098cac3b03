import * as crypto from 'node:crypto';
import { CheckInBody, HospitalSession, toShanghaiIso } from '@yibao/shared';
import type { Ctx } from '../../context';
import { AppError, unauthenticated } from '../../http/errors';
import { QrService } from '../qrcode/service';

const digest = (s: string) => crypto.createHash('sha256').update(s).digest();

export class HospitalService {
  private readonly qr: QrService;

  constructor(private readonly ctx: Ctx) {
    this.qr = new QrService(ctx);
  }

  /**
   * POST /hospital/sessions: a hospital signs in with its secret. Wrong secrets are limited per
   * hospital *and* caller address (API.md Hospitals): guessing from one address never locks out a
   * terminal at another, and each wrong secret is logged with the address it came from (never the
   * secret). The per-hospital limit counts sessions opened (right secrets) only.
   */
  async session(hospitalId: string, secret: string, ip: string): Promise<HospitalSession> {
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
    return { accessToken: access.token, expiresIn: access.expiresIn, hospital: { hospitalId, name: hospital?.name ?? hospitalId } };
  }

  /** POST /hospital/check-ins (P-QR-2, P-QR-3, P-FAM-10): the token redeemed once; the check-in is the person's the code names. */
  async checkIn(hospitalId: string, input: CheckInBody) {
    const { ctx } = this;
    const redeemed = await this.qr.redeem(hospitalId, input.token, input.department ?? null);
    const person = await ctx.people.get(redeemed.personId);
    if (!person) throw new AppError(422, 'QR_INVALID'); // a person id is made before any code names it: never seen
    const v = ctx.people.view(person);
    return {
      checkInId: redeemed.checkInId,
      checkedInAt: toShanghaiIso(redeemed.at),
      patient: { personId: v.personId, maskedName: v.maskedName, maskedIdNumber: v.maskedIdNumber, gender: v.gender, age: v.age, insurance: v.insurance },
    };
  }
}
