import { AttemptLimit, ID_NUMBER_LIMIT, identityClaim, lockout, maskPhone, REAL_NAME_LIMIT, ResponseOf, ThreeFactors, toShanghaiIso } from '@yibao/shared';
import { eq } from 'drizzle-orm';
import { Ctx, isUniqueViolation } from '../../context';
import { users } from '../../db/schema';
import { AppError, retryAfter, unauthenticated } from '../../http/errors';

export type MeView = ResponseOf<'me'>;

export class IdentityService {
  constructor(private readonly ctx: Ctx) {}

  /**
   * P-ID-2 three-factor check; P-ID-5 one identity per account; P-ID-6 failures locked, per user
   * (5 in 24 h) and per ID number across every account (10 in 24 h; beyond that the ID number is
   * locked for everyone). The ID number's bucket is named by its keyed hash, never in clear.
   * `viaPhoneProof`: the phone factor was proven by WeChat (API.md WeChat, Phone), which a guesser
   * cannot make; P-ID-6 then lets that ID number be verified despite its lock.
   */
  async verify(userId: string, claim: ThreeFactors, opts: { viaPhoneProof?: boolean } = {}): Promise<ResponseOf<'verifyIdentity'>> {
    const { clock, limiter, upstream, people, db, config, pii } = this.ctx;
    const now = clock.now();
    const userBucket = `verify-failure:${userId}`;
    const idBucket = `verify-id-failure:${pii.hash('id', claim.idNumber)}`;
    // P-ID-6 under parallel attempts (in any process): this attempt counts as a failure, of the
    // user and of the ID number, from the start and is taken back unless it fails, so a burst
    // cannot check more guesses than the limits allow
    const pending = [await limiter.reserve(userBucket), await limiter.reserve(idBucket)] as const;
    let failed = false;
    try {
      const userLock = await this.lock(userBucket, pending[0], REAL_NAME_LIMIT, now);
      if (userLock.locked) throw retryAfter(429, 'REAL_NAME_LOCKED', userLock.unlocksAt, now, { unlocksAt: toShanghaiIso(userLock.unlocksAt) });
      if (!opts.viaPhoneProof) {
        const idLock = await this.lock(idBucket, pending[1], ID_NUMBER_LIMIT, now);
        if (idLock.locked) throw retryAfter(429, 'REAL_NAME_LOCKED', idLock.unlocksAt, now, { unlocksAt: toShanghaiIso(idLock.unlocksAt) });
      }
      await limiter.hit(`verify:${userId}`, config.rateLimits.verifyPerUser);
      if (!(await upstream.checkThreeFactors(claim))) {
        failed = true;
        const remaining = userLock.remaining - 1;
        throw new AppError(422, 'REAL_NAME_MISMATCH', { extra: { remainingAttempts: Math.max(0, remaining) } });
      }
    } finally {
      if (!failed) for (const id of pending) await limiter.release(id);
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

  /** P-ID-6: the lock of a failure bucket (`except`: this attempt's own reservation). */
  private async lock(bucket: string, except: number, limit: AttemptLimit, now: Date) {
    const failures = await this.ctx.limiter.timesSince(bucket, new Date(now.getTime() - limit.windowMs), except);
    // evaluated when the last of them happened if that is later: a parallel attempt's time may be a moment after `now`
    return lockout(failures, new Date(Math.max(now.getTime(), ...failures.map((f) => f.getTime()))), limit);
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
