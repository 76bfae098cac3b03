import { toShanghaiIso } from '@yibao/shared';
import { and, asc, desc, eq, inArray, SQL, sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../../db/client';
import { enrolments, idempotencyKeys, orderItems, orders } from '../../db/schema';

export type OrderRow = typeof orders.$inferSelect;
export type ItemRow = typeof orderItems.$inferSelect;

export interface OrderView {
  orderId: string;
  status: string;
  productId: string;
  payMethod: string;
  totalFen: number;
  items: { personId: string; amountFen: number; coverFrom: string }[];
  debit?: { historicalFen: number; currentFen: number };
  createdAt: string;
}

export function orderView(order: OrderRow, items: ItemRow[]): OrderView {
  const view: OrderView = {
    orderId: order.orderId,
    status: order.status,
    productId: order.productId,
    payMethod: order.payMethod,
    totalFen: order.totalFen,
    items: [...items].sort((a, b) => a.position - b.position).map((i) => ({ personId: i.personId, amountFen: i.amountFen, coverFrom: i.coverFrom })),
    createdAt: toShanghaiIso(order.createdAt),
  };
  if (order.debitHistoricalFen !== null && order.debitCurrentFen !== null) {
    view.debit = { historicalFen: order.debitHistoricalFen, currentFen: order.debitCurrentFen };
  }
  return view;
}

/** Everything a placed order writes (OrdersStore.write). */
export interface PlacedOrder {
  enrol: (typeof enrolments.$inferInsert)[];
  order: typeof orders.$inferInsert;
  items: (typeof orderItems.$inferInsert)[];
  /** The answer stored with the idempotency key (P-PAY-8). */
  key: { userId: string; key: string; status: number; body: unknown };
}

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
    const rows = await tx
      .insert(idempotencyKeys)
      .values({ userId, key, bodyHash, createdAt: at })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    return rows.length === 1;
  }

  /**
   * Writes a placed order in one statement: its enrolments (ON CONFLICT DO NOTHING), the order,
   * its items and the answer stored with the idempotency key. Returns the personIds whose
   * enrolment was claimed; the caller compares them with the items (inside its transaction).
   */
  async write(tx: Db, w: PlacedOrder): Promise<string[]> {
    const parts: SQL[] = [
      sql`o as ${tx.insert(orders).values(w.order)}`,
      sql`i as ${tx.insert(orderItems).values(w.items)}`,
      sql`k as ${tx
        .update(idempotencyKeys)
        .set({ orderId: w.order.orderId, responseStatus: w.key.status, responseBody: w.key.body })
        .where(and(eq(idempotencyKeys.userId, w.key.userId), eq(idempotencyKeys.key, w.key.key)))}`,
    ];
    if (w.enrol.length === 0) {
      await tx.execute(sql`with ${sql.join(parts, sql`, `)} select 1`);
      return [];
    }
    const enrol = tx.insert(enrolments).values(w.enrol).onConflictDoNothing().returning({ personId: enrolments.personId });
    const rows = await rowsOf<{ person_id: string }>(tx, sql`with e as ${enrol}, ${sql.join(parts, sql`, `)} select person_id from e`);
    return rows.map((r) => r.person_id);
  }

  async list(userId: string): Promise<OrderView[]> {
    const rows = await this.db.select().from(orders).where(eq(orders.userId, userId)).orderBy(desc(orders.createdAt), desc(orders.orderId));
    if (rows.length === 0) return [];
    const items = await this.db
      .select()
      .from(orderItems)
      .where(inArray(orderItems.orderId, rows.map((r) => r.orderId)))
      .orderBy(asc(orderItems.position));
    return rows.map((o) => orderView(o, items.filter((i) => i.orderId === o.orderId)));
  }

  async get(userId: string, orderId: string): Promise<OrderView | null> {
    const [order] = await this.db.select().from(orders).where(and(eq(orders.orderId, orderId), eq(orders.userId, userId)));
    if (!order) return null;
    const items = await this.db.select().from(orderItems).where(eq(orderItems.orderId, orderId));
    return orderView(order, items);
  }
}
