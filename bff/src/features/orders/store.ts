import { Order, OrderStatus, orderStatusAt, selfPayExpiresAt, toShanghaiIso } from '@yibao/shared';
import { and, asc, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { param as p, statement } from '../../db/statement';
import { enrolments, idempotencyKeys, orderItems, orders } from '../../db/schema';

export type OrderRow = typeof orders.$inferSelect;
export type ItemRow = typeof orderItems.$inferSelect;

/** The order as the API answers it at `at` (a SELF_PAY order past its expiry reads EXPIRED, #14). */
export function orderView(order: OrderRow, items: ItemRow[], at: Date): Order {
  const view: Order = {
    orderId: order.orderId,
    status: orderStatusAt(order.status as OrderStatus, order.createdAt, at),
    productId: order.productId,
    payMethod: order.payMethod as Order['payMethod'],
    totalFen: order.totalFen,
    items: [...items].sort((a, b) => a.position - b.position).map((i) => ({ personId: i.personId, amountFen: i.amountFen, coverFrom: i.coverFrom })),
    createdAt: toShanghaiIso(order.createdAt),
  };
  if (order.debitHistoricalFen !== null && order.debitCurrentFen !== null) {
    view.debit = { historicalFen: order.debitHistoricalFen, currentFen: order.debitCurrentFen };
  }
  if (order.payMethod === 'SELF_PAY') view.expiresAt = toShanghaiIso(selfPayExpiresAt(order.createdAt));
  if (order.paidAt) view.paidAt = toShanghaiIso(order.paidAt);
  return view;
}

/** Everything a placed order writes (OrdersStore.write). */
export interface PlacedOrder {
  /** The people to enrol (P-PAY-7): all of the items when paid, none while awaiting payment. */
  enrol: string[];
  order: OrderRow;
  items: ItemRow[];
  /** The answer stored with the idempotency key (P-PAY-8). */
  key: { userId: string; key: string; status: number; body: unknown };
}

const CLAIM = statement<{ key: string }>(
  'order_claim_key',
  sql`insert into ${idempotencyKeys} (user_id, key, body_hash, created_at)
    values (${p('userId')}, ${p('key')}, ${p('bodyHash')}, ${p('at')}::timestamptz)
    on conflict do nothing returning key`,
);

/**
 * A placed order in one statement: the enrolments (ON CONFLICT DO NOTHING, RETURNING the ones
 * claimed), the order, its items and the answer stored with the idempotency key.
 */
const WRITE = statement<{ person_id: string }>(
  'order_write',
  sql`with e as (
      insert into ${enrolments} (product_id, person_id, order_id, created_at)
      select ${p('productId')}, person, ${p('orderId')}, ${p('at')}::timestamptz from unnest(${p('enrol')}::text[]) as person
      on conflict do nothing returning person_id
    ), o as (
      insert into ${orders} (order_id, user_id, payer_person_id, product_id, pay_method, status, total_fen, debit_historical_fen, debit_current_fen, created_at)
      values (${p('orderId')}, ${p('userId')}, ${p('payerPersonId')}, ${p('productId')}, ${p('payMethod')}, ${p('status')}, ${p('totalFen')}::int8,
        ${p('debitHistoricalFen')}::int8, ${p('debitCurrentFen')}::int8, ${p('at')}::timestamptz)
    ), i as (
      insert into ${orderItems} (order_id, position, person_id, amount_fen, category, cover_from, waiting_months)
      select ${p('orderId')}, * from unnest(${p('positions')}::int[], ${p('persons')}::text[], ${p('amounts')}::int8[], ${p('categories')}::text[], ${p('covers')}::text[], ${p('waits')}::int[])
    ), k as (
      update ${idempotencyKeys} set order_id = ${p('orderId')}, response_status = ${p('responseStatus')}::int, response_body = ${p('responseBody')}::jsonb
      where user_id = ${p('keyUserId')} and key = ${p('key')}
    )
    select person_id from e`,
);

export class OrdersStore {
  private readonly keyOf;

  constructor(private readonly db: Db) {
    this.keyOf = db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.userId, sql.placeholder('userId')), eq(idempotencyKeys.key, sql.placeholder('key'))))
      .prepare('idempotency_key');
  }

  async key(userId: string, key: string) {
    const [row] = await this.keyOf.execute({ userId, key });
    return row ?? null;
  }

  /** Claims a key once: INSERT … ON CONFLICT DO NOTHING RETURNING (a concurrent claimant waits, then gets nothing). */
  async claim(tx: Db, userId: string, key: string, bodyHash: string, at: Date): Promise<boolean> {
    const rows = await CLAIM.run(tx, { userId, key, bodyHash, at: at.toISOString() });
    return rows.length === 1;
  }

  /**
   * Writes a placed order in one statement: its enrolments (ON CONFLICT DO NOTHING), the order,
   * its items and the answer stored with the idempotency key. Returns the personIds whose
   * enrolment was claimed; the caller compares them with the items (inside its transaction).
   */
  async write(tx: Db, w: PlacedOrder): Promise<string[]> {
    const { order, items } = w;
    const rows = await WRITE.run(tx, {
      productId: order.productId,
      orderId: order.orderId,
      at: order.createdAt.toISOString(),
      enrol: w.enrol,
      userId: order.userId,
      payerPersonId: order.payerPersonId,
      payMethod: order.payMethod,
      status: order.status,
      totalFen: order.totalFen,
      debitHistoricalFen: order.debitHistoricalFen,
      debitCurrentFen: order.debitCurrentFen,
      positions: items.map((i) => i.position),
      persons: items.map((i) => i.personId),
      amounts: items.map((i) => i.amountFen),
      categories: items.map((i) => i.category),
      covers: items.map((i) => i.coverFrom),
      waits: items.map((i) => i.waitingMonths),
      keyUserId: w.key.userId,
      key: w.key.key,
      responseStatus: w.key.status,
      responseBody: JSON.stringify(w.key.body),
    });
    return rows.map((r) => r.person_id);
  }

  /** The caller's order row (no items), or null. */
  async row(userId: string, orderId: string): Promise<OrderRow | null> {
    const [order] = await this.db.select().from(orders).where(and(eq(orders.orderId, orderId), eq(orders.userId, userId)));
    return order ?? null;
  }

  async items(orderId: string): Promise<ItemRow[]> {
    return this.db.select().from(orderItems).where(eq(orderItems.orderId, orderId)).orderBy(asc(orderItems.position));
  }

  /** Stores the answer with a claimed idempotency key (P-PAY-8). */
  async answer(tx: Db, userId: string, key: string, orderId: string, status: number, body: unknown): Promise<void> {
    await tx.update(idempotencyKeys).set({ orderId, responseStatus: status, responseBody: body }).where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
  }

  /** The caller's order, locked for the rest of `tx` (payment and cancel serialise on it). */
  async lock(tx: Db, userId: string, orderId: string): Promise<{ order: OrderRow; items: ItemRow[] } | null> {
    const [order] = await tx
      .select()
      .from(orders)
      .where(and(eq(orders.orderId, orderId), eq(orders.userId, userId)))
      .for('update');
    if (!order) return null;
    const items = await tx.select().from(orderItems).where(eq(orderItems.orderId, orderId)).orderBy(asc(orderItems.position));
    return { order, items };
  }

  /** P-PAY-7: claims the enrolments of a paid order; returns the personIds claimed (a short list: someone is already covered). */
  async enrol(tx: Db, productId: string, orderId: string, personIds: string[], at: Date): Promise<string[]> {
    if (personIds.length === 0) return [];
    const rows = await tx
      .insert(enrolments)
      .values(personIds.map((personId) => ({ productId, personId, orderId, createdAt: at })))
      .onConflictDoNothing()
      .returning({ personId: enrolments.personId });
    return rows.map((r) => r.personId);
  }

  async markPaid(tx: Db, orderId: string, at: Date, paymentRef: string): Promise<OrderRow> {
    const [row] = await tx.update(orders).set({ status: 'PAID', paidAt: at, paymentRef }).where(eq(orders.orderId, orderId)).returning();
    return row;
  }

  async markCancelled(tx: Db, orderId: string, at: Date): Promise<OrderRow> {
    const [row] = await tx.update(orders).set({ status: 'CANCELLED', cancelledAt: at }).where(eq(orders.orderId, orderId)).returning();
    return row;
  }

  /**
   * Once people are covered by a paid order, the self-pay orders of the same product still
   * waiting for any of them can never be paid (P-PAY-7, all or nothing): they are cancelled so
   * that they leave every pending list (#14 finding 4).
   */
  async supersede(tx: Db, productId: string, personIds: string[], paidOrderId: string, at: Date): Promise<string[]> {
    if (personIds.length === 0) return [];
    const waiting = tx
      .selectDistinct({ orderId: orderItems.orderId })
      .from(orderItems)
      .where(inArray(orderItems.personId, personIds));
    const rows = await tx
      .update(orders)
      .set({ status: 'CANCELLED', cancelledAt: at })
      .where(and(eq(orders.productId, productId), eq(orders.status, 'AWAITING_PAYMENT'), ne(orders.orderId, paidOrderId), inArray(orders.orderId, waiting)))
      .returning({ orderId: orders.orderId });
    return rows.map((r) => r.orderId);
  }

  async list(userId: string, at: Date): Promise<Order[]> {
    const rows = await this.db.select().from(orders).where(eq(orders.userId, userId)).orderBy(desc(orders.createdAt), desc(orders.orderId));
    if (rows.length === 0) return [];
    const items = await this.db
      .select()
      .from(orderItems)
      .where(inArray(orderItems.orderId, rows.map((r) => r.orderId)))
      .orderBy(asc(orderItems.position));
    return rows.map((o) => orderView(o, items.filter((i) => i.orderId === o.orderId), at));
  }

  async get(userId: string, orderId: string, at: Date): Promise<Order | null> {
    const [order] = await this.db.select().from(orders).where(and(eq(orders.orderId, orderId), eq(orders.userId, userId)));
    if (!order) return null;
    const items = await this.db.select().from(orderItems).where(eq(orderItems.orderId, orderId));
    return orderView(order, items, at);
  }
}
