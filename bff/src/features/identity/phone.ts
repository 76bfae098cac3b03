import * as crypto from 'node:crypto';
import { FIELD_REASONS, isValidPhone, maskPhone, ResponseOf } from '@yibao/shared';
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import type { Ctx } from '../../context';
import { phoneProofs } from '../../db/schema';
import { AppError, validationFailed } from '../../http/errors';
import { wechatFailure } from '../../wechat/errors';

/** How long a phone proof may wait for /identity/verify (seconds). */
export const PHONE_PROOF_TTL_SECONDS = 600;

export const phoneProofInvalid = () => validationFailed([{ code: 'PHONE_PROOF_INVALID', field: 'phoneProof', message: FIELD_REASONS.PHONE_PROOF_INVALID }]);

/**
 * API.md WeChat, Phone: a getPhoneNumber code → the phone WeChat vouches for, kept sealed behind a
 * random proof (stored by keyed digest) that is bound to the caller, works once and expires.
 */
export class PhoneProofs {
  constructor(private readonly ctx: Ctx) {}

  /** POST /identity/phone. */
  async issue(userId: string, code: string): Promise<ResponseOf<'phone'>> {
    const { wechat, limiter, config, clock, pii, db, logger } = this.ctx;
    await limiter.hit(`phone:${userId}`, config.rateLimits.phonePerUser);
    // without WECHAT_APPID nobody can check a code: it is as good as a bad one
    if (!wechat.configured) throw new AppError(422, 'WECHAT_CODE_INVALID');
    let phone: string;
    let countryCode: string;
    try {
      ({ phone, countryCode } = await wechat.phoneNumber(code));
    } catch (err) {
      throw wechatFailure(err, 422, logger);
    }
    if (countryCode !== '86' || !isValidPhone(phone)) {
      throw new AppError(422, 'WECHAT_CODE_INVALID', { message: '该微信绑定的不是中国大陆手机号，请手动填写手机号' });
    }
    const proof = crypto.randomBytes(24).toString('base64url');
    const now = clock.now();
    await db.insert(phoneProofs).values({
      digest: pii.hash('phone-proof', proof),
      userId,
      phoneSealed: pii.encrypt(phone),
      expiresAt: new Date(now.getTime() + PHONE_PROOF_TTL_SECONDS * 1000),
      createdAt: now,
    });
    return { maskedPhone: maskPhone(phone), phoneProof: proof, expiresIn: PHONE_PROOF_TTL_SECONDS };
  }

  /** The phone behind a proof of this user, once, before it expires; 400 PHONE_PROOF_INVALID otherwise. */
  async redeem(userId: string, proof: string): Promise<string> {
    const { clock, pii, db } = this.ctx;
    const now = clock.now();
    const [row] = await db
      .update(phoneProofs)
      .set({ usedAt: now })
      .where(and(eq(phoneProofs.digest, pii.hash('phone-proof', proof)), eq(phoneProofs.userId, userId), isNull(phoneProofs.usedAt), gt(phoneProofs.expiresAt, now)))
      .returning({ phoneSealed: phoneProofs.phoneSealed });
    if (!row) throw phoneProofInvalid();
    return pii.decrypt(row.phoneSealed);
  }

  /** Proofs expired a day ago or more go (a used one's row tells nothing more after that). */
  async purge(now: Date): Promise<void> {
    await this.ctx.db.delete(phoneProofs).where(lt(phoneProofs.expiresAt, new Date(now.getTime() - 24 * 3600_000)));
  }
}
