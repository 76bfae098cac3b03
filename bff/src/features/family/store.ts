import { and, desc, eq, gte, inArray, or, sql } from 'drizzle-orm';
import type { BindingStatus, Modes, Relation } from '@yibao/shared';
import type { Db } from '../../db/client';
import { bindings, familyModes } from '../../db/schema';

export type Binding = typeof bindings.$inferSelect;
export const LIVE: BindingStatus[] = ['PENDING_CONSENT', 'ACTIVE'];

/** Family bindings and modes (P-FAM); every query is by personId. */
export class FamilyStore {
  // read on every eligibility check, order and QR code: built once, prepared on PostgreSQL
  private readonly live;
  private readonly liveOne;
  private readonly modesOf;

  constructor(private readonly db: Db) {
    this.live = db
      .select()
      .from(bindings)
      .where(and(eq(bindings.organizerPersonId, sql.placeholder('organizer')), inArray(bindings.status, LIVE)))
      .orderBy(bindings.createdAt, bindings.memberId)
      .prepare('family_live');
    this.liveOne = db
      .select()
      .from(bindings)
      .where(and(eq(bindings.organizerPersonId, sql.placeholder('organizer')), eq(bindings.memberPersonId, sql.placeholder('member')), inArray(bindings.status, LIVE)))
      .prepare('family_live_one');
    this.modesOf = db.select().from(familyModes).where(eq(familyModes.organizerPersonId, sql.placeholder('organizer'))).prepare('family_modes');
  }

  /** The organizer's bindings that are active or waiting for consent, oldest first. */
  async liveOf(organizerPersonId: string, db?: Db): Promise<Binding[]> {
    if (!db) return this.live.execute({ organizer: organizerPersonId });
    return db
      .select()
      .from(bindings)
      .where(and(eq(bindings.organizerPersonId, organizerPersonId), inArray(bindings.status, LIVE)))
      .orderBy(bindings.createdAt, bindings.memberId);
  }

  async liveBinding(organizerPersonId: string, memberPersonId: string): Promise<Binding | null> {
    const [row] = await this.liveOne.execute({ organizer: organizerPersonId, member: memberPersonId });
    return row ?? null;
  }

  /** #14 finding 10: the organizer's invitations declined at or after `since`, newest first. */
  async declinedOf(organizerPersonId: string, since: Date): Promise<Binding[]> {
    return this.db
      .select()
      .from(bindings)
      .where(and(eq(bindings.organizerPersonId, organizerPersonId), eq(bindings.status, 'DECLINED'), gte(bindings.updatedAt, since)))
      .orderBy(desc(bindings.updatedAt), bindings.memberId);
  }

  async get(memberId: string): Promise<Binding | null> {
    const [row] = await this.db.select().from(bindings).where(eq(bindings.memberId, memberId));
    return row ?? null;
  }

  async invitationsFor(memberPersonId: string): Promise<Binding[]> {
    return this.db
      .select()
      .from(bindings)
      .where(and(eq(bindings.memberPersonId, memberPersonId), eq(bindings.status, 'PENDING_CONSENT')))
      .orderBy(bindings.createdAt, bindings.memberId);
  }

  /** The networks a person has joined (ACTIVE bindings as member), oldest first. */
  async membershipsOf(memberPersonId: string): Promise<Binding[]> {
    return this.db
      .select()
      .from(bindings)
      .where(and(eq(bindings.memberPersonId, memberPersonId), eq(bindings.status, 'ACTIVE')))
      .orderBy(bindings.updatedAt, bindings.memberId);
  }

  /** Several organizers' modes at once (absent: both off). */
  async modesOfMany(organizerPersonIds: readonly string[]): Promise<Map<string, { pay: boolean; premium: boolean }>> {
    if (organizerPersonIds.length === 0) return new Map();
    const rows = await this.db.select().from(familyModes).where(inArray(familyModes.organizerPersonId, [...organizerPersonIds]));
    return new Map(rows.map((r) => [r.organizerPersonId, { pay: r.pay, premium: r.premium }]));
  }

  /** Serialises changes to one organizer's network (member limit, duplicates) across processes. */
  async lockNetwork(tx: Db, organizerPersonId: string): Promise<void> {
    await tx.execute(sql`select pg_advisory_xact_lock(7301, hashtext(${organizerPersonId}))`);
  }

  async insert(tx: Db, row: { memberId: string; organizerPersonId: string; memberPersonId: string; relation: Relation; status: BindingStatus; at: Date }) {
    const { at, ...rest } = row;
    await tx.insert(bindings).values({ ...rest, createdAt: at, updatedAt: at });
  }

  /** Moves a binding from one of `from` to `to`; false when it was not in such a state. */
  async transition(memberId: string, from: readonly string[], to: string, at: Date, by?: { personId: string; side: 'member' | 'either' }): Promise<boolean> {
    const who =
      by === undefined
        ? undefined
        : by.side === 'member'
          ? eq(bindings.memberPersonId, by.personId)
          : or(eq(bindings.memberPersonId, by.personId), eq(bindings.organizerPersonId, by.personId));
    const rows = await this.db
      .update(bindings)
      .set({ status: to, updatedAt: at })
      .where(and(eq(bindings.memberId, memberId), inArray(bindings.status, [...from]), who))
      .returning({ memberId: bindings.memberId });
    return rows.length === 1;
  }

  /** P-FAM-6: the member's answer to a binding waiting for it, inside `tx`; the binding, or null when none waits. */
  async answer(tx: Db, memberId: string, memberPersonId: string, to: 'ACTIVE' | 'DECLINED', at: Date): Promise<Binding | null> {
    const [row] = await tx
      .update(bindings)
      .set({ status: to, updatedAt: at })
      .where(and(eq(bindings.memberId, memberId), eq(bindings.status, 'PENDING_CONSENT'), eq(bindings.memberPersonId, memberPersonId)))
      .returning();
    return row ?? null;
  }

  async modes(organizerPersonId: string): Promise<Modes> {
    const [row] = await this.modesOf.execute({ organizer: organizerPersonId });
    return row ? { pay: row.pay, premium: row.premium } : { pay: false, premium: false };
  }

  async setModes(organizerPersonId: string, modes: { pay: boolean; premium: boolean }, at: Date): Promise<void> {
    await this.db
      .insert(familyModes)
      .values({ organizerPersonId, ...modes, updatedAt: at })
      .onConflictDoUpdate({ target: familyModes.organizerPersonId, set: { ...modes, updatedAt: at } });
  }
}
