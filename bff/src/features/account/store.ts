import { isAwaitingPayment } from '@yibao/shared';
import { and, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { bindings, checkIns, familyModes, idempotencyKeys, orders, qrTokens, rateEvents, refreshTokens, users } from '../../db/schema';
import { LIVE, type Binding } from '../family/store';

export type UserRow = typeof users.$inferSelect;
export type CheckInRow = typeof checkIns.$inferSelect;

/** What the account's export reads and what closing it changes, by userId and personId. */
export class AccountStore {
  constructor(private readonly db: Db) {}

  async user(userId: string, db: Db = this.db, lock = false): Promise<UserRow | null> {
    const query = db.select().from(users).where(eq(users.userId, userId));
    const [row] = lock ? await query.for('update') : await query;
    return row ?? null;
  }

  /** Every binding the person is in, either side, whatever its state, oldest first. */
  async bindingsOf(personId: string): Promise<Binding[]> {
    return this.db
      .select()
      .from(bindings)
      .where(or(eq(bindings.organizerPersonId, personId), eq(bindings.memberPersonId, personId)))
      .orderBy(bindings.createdAt, bindings.memberId);
  }

  async checkInsOf(personId: string): Promise<CheckInRow[]> {
    return this.db.select().from(checkIns).where(eq(checkIns.personId, personId)).orderBy(desc(checkIns.checkedInAt), desc(checkIns.checkInId));
  }

  /** One sign-in per refresh-token family (a sign-in and its refreshes): when it began, newest first. */
  async signIns(userId: string): Promise<Date[]> {
    const rows = await this.db
      .select({ at: sql<Date>`min(${refreshTokens.createdAt})`.mapWith(refreshTokens.createdAt) })
      .from(refreshTokens)
      .where(eq(refreshTokens.userId, userId))
      .groupBy(refreshTokens.familyId)
      .orderBy(desc(sql`min(${refreshTokens.createdAt})`));
    return rows.map((r) => r.at);
  }

  /** Orders of the account still waiting for payment at `at` (an obligation that blocks closing; an expired one does not, #14). */
  async awaitingOrders(tx: Db, userId: string, at: Date): Promise<string[]> {
    const rows = await tx
      .select({ orderId: orders.orderId, status: orders.status, createdAt: orders.createdAt })
      .from(orders)
      .where(and(eq(orders.userId, userId), eq(orders.status, 'AWAITING_PAYMENT')))
      .orderBy(orders.createdAt, orders.orderId);
    return rows.filter((r) => isAwaitingPayment('AWAITING_PAYMENT', r.createdAt, at)).map((r) => r.orderId);
  }

  /**
   * Closes the account inside `tx`: its live bindings end on both sides (REMOVED, as DELETE
   * /family/members does), its modes go, every refresh-token family is revoked and its tokens
   * deleted, unused QR codes and stored idempotent answers go, the openid's rate-limit rows go,
   * and the users row (openid ↔ person link) is deleted. Orders, check-ins, settlements and the
   * ledger stay, tied to the person. Returns the revoked token families and the ended bindings.
   */
  async close(tx: Db, user: UserRow, openidBucket: string, at: Date): Promise<{ families: string[]; ended: Binding[] }> {
    let ended: Binding[] = [];
    if (user.personId) {
      const personId = user.personId;
      ended = await tx
        .update(bindings)
        .set({ status: 'REMOVED', updatedAt: at })
        .where(and(or(eq(bindings.organizerPersonId, personId), eq(bindings.memberPersonId, personId)), inArray(bindings.status, LIVE)))
        .returning();
      await tx.delete(familyModes).where(eq(familyModes.organizerPersonId, personId));
    }
    const families = await tx.selectDistinct({ familyId: refreshTokens.familyId }).from(refreshTokens).where(eq(refreshTokens.userId, user.userId));
    await tx.delete(refreshTokens).where(eq(refreshTokens.userId, user.userId));
    await tx.delete(qrTokens).where(and(eq(qrTokens.userId, user.userId), isNull(qrTokens.usedAt)));
    await tx.delete(idempotencyKeys).where(eq(idempotencyKeys.userId, user.userId));
    await tx.delete(rateEvents).where(eq(rateEvents.bucket, openidBucket));
    await tx.delete(users).where(eq(users.userId, user.userId));
    return { families: families.map((f) => f.familyId), ended };
  }
}
