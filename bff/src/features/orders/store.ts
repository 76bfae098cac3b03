import { toShanghaiIso } from '@yibao/shared';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { idempotencyKeys, orderItems, orders } from '../../db/schema';

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

  async complete(tx: Db, userId: string, key: string, orderId: string, status: number, body: unknown): Promise<void> {
    await tx
      .update(idempotencyKeys)
      .set({ orderId, responseStatus: status, responseBody: body })
      .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
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
