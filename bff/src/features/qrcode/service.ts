import * as crypto from 'node:crypto';
import { isQrTokenShaped, mayShowCode, type ResponseOf, QR_TOKEN_BYTES, qrExpiresAt, redemptionOutcome, toShanghaiIso } from '@yibao/shared';
import type { Ctx } from '../../context';
import { newId } from '../../ids';
import { AppError, forbidden, notFound } from '../../http/errors';
import { FamilyStore } from '../family/store';
import { SettlementsService } from '../settlements/service';
import { QrStore } from './store';

/**
 * E-voucher codes (P-QR). A token is 18 random bytes in base64url (24 characters: P-QR-1 wants
 * at most 32, so that the QR code stays coarse for a desk scanner), looked up by the server,
 * which keeps only its keyed digest with the person it names, the user who fetched it and the
 * binding it was fetched through.
 */
export class QrService {
  readonly store: QrStore;
  private readonly family: FamilyStore;
  private readonly settlements: SettlementsService;

  constructor(private readonly ctx: Ctx) {
    this.store = new QrStore(ctx.db);
    this.family = new FamilyStore(ctx.db);
    this.settlements = new SettlementsService(ctx);
  }

  /** P-QR-3: the caller shows codes for themselves and the ACTIVE members they organise; else 403. */
  private async mayShow(caller: { personId: string }, personId: string) {
    const binding = personId === caller.personId ? null : await this.family.liveBinding(caller.personId, personId);
    const status = binding ? (binding.status as 'ACTIVE' | 'PENDING_CONSENT') : null;
    if (!mayShowCode(caller.personId, personId, status)) throw forbidden();
    return binding;
  }

  /** HMAC-SHA256 under the QR key: what the database holds instead of the token. */
  digest(token: string): string {
    return crypto.createHmac('sha256', this.ctx.keys.qr).update(token).digest('base64url');
  }

  /** POST /qrcodes (P-QR-1, P-QR-3, P-FAM-10): the caller's own code, or an ACTIVE member's the caller organises. */
  async issue(caller: { userId: string; personId: string }, personId: string): Promise<{ token: string; expiresAt: string }> {
    const { ctx } = this;
    const binding = await this.mayShow(caller, personId);
    if (!(await ctx.people.get(personId))) throw forbidden();
    const now = ctx.clock.now();
    const token = crypto.randomBytes(QR_TOKEN_BYTES).toString('base64url');
    const expiresAt = qrExpiresAt(now, ctx.config.qrTtlSeconds);
    await this.store.issue({ digest: this.digest(token), personId, userId: caller.userId, memberId: binding?.memberId ?? null, expiresAt, at: now });
    return { token, expiresAt: toShanghaiIso(expiresAt) };
  }

  /**
   * GET /qrcodes/current?personId (#14 finding 7): what became of the latest code this user fetched
   * for that person (P-QR-3: only for oneself and the ACTIVE members one organises; 404 when none
   * was fetched). USED carries where and when, and the check-in's bills once settled; the states
   * follow redemption (P-QR-2): used wins over expired, an ended binding voids the code.
   */
  async status(caller: { userId: string; personId: string }, personId: string): Promise<ResponseOf<'qrStatus'>> {
    await this.mayShow(caller, personId);
    const latest = await this.store.latest(caller.userId, personId);
    if (!latest) throw notFound();
    const outcome = redemptionOutcome({ authentic: true, expiresAt: latest.expiresAt, used: latest.usedAt !== null, bindingActive: latest.bindingActive }, this.ctx.clock.now());
    const status = outcome === 'OK' ? 'VALID' : outcome === 'QR_ALREADY_USED' ? 'USED' : outcome === 'QR_EXPIRED' ? 'EXPIRED' : 'INVALID';
    const out: ResponseOf<'qrStatus'> = { status, expiresAt: toShanghaiIso(latest.expiresAt) };
    const c = latest.checkIn;
    if (status === 'USED' && c) {
      out.checkIn = { checkInId: c.checkInId, checkedInAt: toShanghaiIso(c.checkedInAt), hospital: this.settlements.hospitalRef(c.hospitalId) };
      if (c.department) out.checkIn.department = c.department;
      const bills = await this.settlements.ofCheckIn(personId, c.checkInId);
      if (bills.length > 0) out.settlements = bills;
    }
    return out;
  }

  /**
   * POST /hospital/check-ins (P-QR-2, P-QR-3): a token is redeemed once; the check-in is the
   * person's the code names; a member's code only while its binding is ACTIVE (else QR_INVALID:
   * unbinding voids the member's codes at once). Used wins over expired.
   */
  async redeem(hospitalId: string, token: string, department: string | null): Promise<{ checkInId: string; personId: string; at: Date }> {
    const { ctx } = this;
    if (!isQrTokenShaped(token)) throw new AppError(422, 'QR_INVALID');
    const at = ctx.clock.now();
    const digest = this.digest(token);
    const claimed = await this.store.claim({ digest, checkInId: newId('c_'), hospitalId, department, at });
    if (claimed) return { ...claimed, at };
    // not redeemed by this call: say why
    const stored = await this.store.find(digest);
    const outcome = stored
      ? redemptionOutcome({ authentic: true, expiresAt: stored.expiresAt, used: stored.used, bindingActive: stored.memberId ? stored.bindingActive : undefined }, at)
      : 'QR_INVALID';
    if (outcome === 'QR_EXPIRED') throw new AppError(422, 'QR_EXPIRED');
    if (outcome === 'QR_INVALID') throw new AppError(422, 'QR_INVALID');
    // used (also by a parallel redemption a moment ago): when, so the desk can tell the patient
    throw new AppError(409, 'QR_ALREADY_USED', stored?.usedAt ? { extra: { usedAt: toShanghaiIso(stored.usedAt) } } : {});
  }
}
