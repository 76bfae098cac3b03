import { INVERSE_RELATION, needsConsent, refundOpen, type BindingRecord, type Relation, type ResponseOf, toShanghaiIso } from '@yibao/shared';
import type { Ctx } from '../../context';
import type { Db } from '../../db/client';
import { AppError } from '../../http/errors';
import { FamilyStore } from '../family/store';
import { IdentityService } from '../identity/service';
import { OrdersStore } from '../orders/store';
import { SettlementsService } from '../settlements/service';
import { SettlementsStore } from '../settlements/store';
import { AccountStore } from './store';

type Export = ResponseOf<'exportMe'>;

/**
 * A citizen's data rights (PIPL arts. 45 and 47): a copy of everything held about them, and
 * closing the account. Money records are the person's, not the account's: they stay.
 */
export class AccountService {
  private readonly store: AccountStore;
  private readonly orders: OrdersStore;
  private readonly identity: IdentityService;
  private readonly family: FamilyStore;
  private readonly settlements: SettlementsService;
  private readonly settlementRows: SettlementsStore;

  constructor(private readonly ctx: Ctx) {
    this.store = new AccountStore(ctx.db);
    this.orders = new OrdersStore(ctx.db);
    this.identity = new IdentityService(ctx);
    this.family = new FamilyStore(ctx.db);
    this.settlements = new SettlementsService(ctx);
    this.settlementRows = new SettlementsStore(ctx.db);
  }

  /** GET /me/export: built from the same views as the rest of the API, masked as everywhere. */
  async export(userId: string): Promise<Export> {
    const user = await this.store.user(userId);
    if (!user) throw new AppError(401, 'UNAUTHENTICATED');
    const personId = user.personId;
    const [me, orders, signIns] = await Promise.all([this.identity.me(userId, personId), this.orders.list(userId, this.ctx.clock.now()), this.store.signIns(userId)]);
    const out: Export = {
      exportedAt: toShanghaiIso(this.ctx.clock.now()),
      account: { userId, createdAt: toShanghaiIso(user.createdAt), ...(user.verifiedAt ? { verifiedAt: toShanghaiIso(user.verifiedAt) } : {}) },
      family: { modes: { pay: false, premium: false }, bindings: [] },
      consents: [],
      orders,
      settlements: [],
      ledger: [],
      checkIns: [],
      signIns: signIns.map((at) => ({ at: toShanghaiIso(at) })),
    };
    if (me.person) out.identity = me.person;
    if (!personId) return out;

    const [bindingRows, checkIns, modes] = await Promise.all([this.store.bindingsOf(personId), this.store.checkInsOf(personId), this.family.modes(personId)]);
    const others = await this.ctx.people.getMany([personId, ...bindingRows.map((b) => (b.organizerPersonId === personId ? b.memberPersonId : b.organizerPersonId))]);
    const self = others.get(personId);
    const bindings: BindingRecord[] = [];
    for (const b of bindingRows) {
      const asOrganizer = b.organizerPersonId === personId;
      const otherId = asOrganizer ? b.memberPersonId : b.organizerPersonId;
      const other = others.get(otherId);
      if (!other) continue;
      const maskedName = this.ctx.people.view(other).maskedName;
      bindings.push({
        memberId: b.memberId,
        role: asOrganizer ? 'ORGANIZER' : 'MEMBER',
        relation: b.relation as Relation,
        status: b.status as BindingRecord['status'],
        other: { personId: otherId, maskedName },
        createdAt: toShanghaiIso(b.createdAt),
        updatedAt: toShanghaiIso(b.updatedAt),
      });
      // a consent the caller gave (ACTIVE since then) or refused as the invited member (P-FAM-6);
      // a minor child bound by a parent was ACTIVE at once, with no consent to show
      const decided = b.status === 'DECLINED' || (b.status === 'ACTIVE' && !!self && needsConsent(self.facts, b.relation as Relation, b.createdAt));
      if (!asOrganizer && decided) {
        out.consents.push({
          memberId: b.memberId,
          organizer: { maskedName },
          relation: INVERSE_RELATION[b.relation as Relation],
          decision: b.status === 'ACTIVE' ? 'ACCEPTED' : 'DECLINED',
          at: toShanghaiIso(b.updatedAt),
        });
      }
    }
    out.family = { modes, bindings };
    out.settlements = await this.settlements.ofCitizen(personId);
    out.ledger = await this.wholeLedger(personId);
    const hospitals = new Map(this.ctx.upstream.catalog().hospitals.map((h) => [h.hospitalId, h.name]));
    out.checkIns = checkIns.map((c) => ({
      checkInId: c.checkInId,
      checkedInAt: toShanghaiIso(c.checkedInAt),
      hospital: { hospitalId: c.hospitalId, name: hospitals.get(c.hospitalId) ?? c.hospitalId },
      ...(c.department ? { department: c.department } : {}),
    }));
    return out;
  }

  /** Every entry of the person's ledger, newest first, page after page (P-SET-7). */
  private async wholeLedger(personId: string): Promise<Export['ledger']> {
    const entries: Export['ledger'] = [];
    let before: string | undefined;
    do {
      const page = await this.settlements.ledger(personId, 100, before);
      entries.push(...page.entries);
      before = page.nextBefore;
    } while (before);
    return entries;
  }

  /** Settlements the person was the patient of or paid a family part of that can still be refunded (P-SET-6). */
  private async refundable(tx: Db, personId: string | null, now: Date): Promise<string[]> {
    if (!personId) return [];
    const recent = await this.settlementRows.unrefundedOf(tx, personId, new Date(now.getTime() - 2 * 24 * 3600 * 1000));
    return recent.filter((b) => refundOpen(b.settledAt, now)).map((b) => b.settlementId);
  }

  /**
   * DELETE /me (PIPL art. 47): refused with 409 OPEN_OBLIGATIONS while an order awaits payment
   * or a settlement can still be refunded; otherwise closed at once, in one transaction. The
   * token families are revoked in this process before the answer and in the others within a poll.
   */
  async close(userId: string): Promise<void> {
    const { ctx } = this;
    const now = ctx.clock.now();
    const outcome = await ctx.db.transaction(async (tx) => {
      const user = await this.store.user(userId, tx, true);
      if (!user) return null;
      const open = { orders: await this.store.awaitingOrders(tx, userId, now), settlements: await this.refundable(tx, user.personId, now) };
      if (open.orders.length > 0 || open.settlements.length > 0) throw new AppError(409, 'OPEN_OBLIGATIONS', { extra: { open } });
      const closed = await this.store.close(tx, user, `login-openid:${user.openid}`, now);
      for (const family of closed.families) await ctx.revocations.record(family, tx);
      return closed;
    });
    if (!outcome) throw new AppError(401, 'UNAUTHENTICATED');
    for (const family of outcome.families) ctx.revocations.learn(family);
    ctx.logger.info({ userId, bindingsEnded: outcome.ended.length, tokenFamilies: outcome.families.length }, 'account closed');
  }
}
