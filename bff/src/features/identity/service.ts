import { identityClaim, lockout, maskPhone, REAL_NAME_LIMIT, ResponseOf, toShanghaiIso, VerifyIdentityBody } from '@yibao/shared';
import { eq } from 'drizzle-orm';
import { Ctx, isUniqueViolation } from '../../context';
import { users } from '../../db/schema';
import { AppError, retryAfter, unauthenticated } from '../../http/errors';

export type MeView = ResponseOf<'me'>;

export class IdentityService {
  constructor(private readonly ctx: Ctx) {}

  /** P-ID-2 three-factor check; P-ID-5 one identity per account; P-ID-6 failures locked. */
  async verify(userId: string, claim: VerifyIdentityBody): Promise<ResponseOf<'verifyIdentity'>> {
    const { clock, limiter, upstream, people, db, config } = this.ctx;
    const now = clock.now();
    const failureBucket = `verify-failure:${userId}`;
    // P-ID-6 under parallel attempts (in any process): this attempt counts as a failure from the
    // start and is taken back unless it fails, so a burst cannot check more than 5 guesses
    const pending = await limiter.reserve(failureBucket);
    let failed = false;
    try {
      const failures = await limiter.timesSince(failureBucket, new Date(now.getTime() - REAL_NAME_LIMIT.windowMs), pending);
      // evaluated when the last of them happened if that is later: a parallel attempt's time may be a moment after `now`
      const lock = lockout(failures, new Date(Math.max(now.getTime(), ...failures.map((f) => f.getTime()))), REAL_NAME_LIMIT);
      if (lock.locked) {
        throw retryAfter(429, 'REAL_NAME_LOCKED', lock.unlocksAt, now, { unlocksAt: toShanghaiIso(lock.unlocksAt) });
      }
      await limiter.hit(`verify:${userId}`, config.rateLimits.verifyPerUser);
      if (!(await upstream.checkThreeFactors(claim))) {
        failed = true;
        const remaining = lock.remaining - 1;
        throw new AppError(422, 'REAL_NAME_MISMATCH', { extra: { remainingAttempts: Math.max(0, remaining) } });
      }
    } finally {
      if (!failed) await limiter.release(pending);
    }
    const personId = await people.personIdFor(claim.idNumber);
    const [owner] = await db.select({ userId: users.userId }).from(users).where(eq(users.personId, personId));
    const state = identityClaim(owner?.userId ?? null, userId);
    if (state === 'IN_USE') throw new AppError(409, 'IDENTITY_IN_USE');
    if (state === 'OWN') return { verified: true };
    try {
      const updated = await db.update(users).set({ personId, verifiedAt: now }).where(eq(users.userId, userId)).returning({ userId: users.userId });
      if (updated.length === 0) throw unauthenticated();
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError(409, 'IDENTITY_IN_USE');
      throw err;
    }
    return { verified: true };
  }

  async me(userId: string, personId: string | null): Promise<MeView> {
    if (!personId) return { userId, verified: false };
    const person = await this.ctx.people.get(personId);
    if (!person) return { userId, verified: false };
    const view = this.ctx.people.view(person);
    const ins = person.citizen.insurance;
    const insurance: NonNullable<MeView['person']>['insurance'] = { ...view.insurance };
    if (ins.scheme === 'EMPLOYEE' && ins.account) insurance.account = { historicalFen: ins.account.historicalFen, currentFen: ins.account.currentFen };
    return {
      userId,
      verified: true,
      person: {
        personId: view.personId,
        maskedName: view.maskedName,
        maskedIdNumber: view.maskedIdNumber,
        maskedPhone: maskPhone(person.citizen.phone),
        gender: view.gender,
        age: view.age,
        insurance,
      },
    };
  }
}
