/**
 * Self-pay orders (#14 finding 4): a SELF_PAY order waits for payment for a fixed time, then
 * expires; it can be paid (sandbox cashier or WeChat Pay) or cancelled while it waits. The
 * status a citizen sees is computed here from the stored status, the creation instant and the
 * evaluation instant (an argument: no clock inside).
 */

/** A self-pay order waits this long for payment, then it is EXPIRED. */
export const SELF_PAY_TTL_MINUTES = 30;
const TTL_MS = SELF_PAY_TTL_MINUTES * 60_000;

export const ORDER_STATUSES = ['PAID', 'AWAITING_PAYMENT', 'CANCELLED', 'EXPIRED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** When a self-pay order created at `createdAt` stops waiting for payment. */
export function selfPayExpiresAt(createdAt: Date): Date {
  return new Date(createdAt.getTime() + TTL_MS);
}

/** The status at `at`: a stored AWAITING_PAYMENT past its expiry reads EXPIRED. */
export function orderStatusAt(stored: OrderStatus, createdAt: Date, at: Date): OrderStatus {
  if (stored === 'AWAITING_PAYMENT' && at.getTime() >= selfPayExpiresAt(createdAt).getTime()) return 'EXPIRED';
  return stored;
}

/** Still open (blocks closing the account, shown as pending, may be paid or cancelled). */
export function isAwaitingPayment(stored: OrderStatus, createdAt: Date, at: Date): boolean {
  return orderStatusAt(stored, createdAt, at) === 'AWAITING_PAYMENT';
}

export type PaymentRefusal = 'ORDER_EXPIRED' | 'ORDER_CANCELLED' | 'ORDER_NOT_SELF_PAY';

/**
 * Whether a self-pay order may be paid at `at`: `ok` (pay it), `already` (PAID: the same answer
 * again, nothing recorded twice), or a refusal code.
 */
export function paymentDecision(
  order: { status: OrderStatus; payMethod: string; createdAt: Date },
  at: Date,
): { kind: 'ok' } | { kind: 'already' } | { kind: 'refused'; code: PaymentRefusal } {
  if (order.payMethod !== 'SELF_PAY') return { kind: 'refused', code: 'ORDER_NOT_SELF_PAY' };
  const status = orderStatusAt(order.status, order.createdAt, at);
  if (status === 'PAID') return { kind: 'already' };
  if (status === 'CANCELLED') return { kind: 'refused', code: 'ORDER_CANCELLED' };
  if (status === 'EXPIRED') return { kind: 'refused', code: 'ORDER_EXPIRED' };
  return { kind: 'ok' };
}

/**
 * Whether an order may be cancelled at `at`: `ok`, `already` (CANCELLED or EXPIRED: nothing to
 * do, the same answer again), or `paid` (a PAID order is never cancelled here: 409).
 */
export function cancelDecision(order: { status: OrderStatus; createdAt: Date }, at: Date): 'ok' | 'already' | 'paid' {
  const status = orderStatusAt(order.status, order.createdAt, at);
  if (status === 'PAID') return 'paid';
  if (status === 'AWAITING_PAYMENT') return 'ok';
  return 'already';
}

/** A short order number a citizen can read out: the last 8 characters, upper case. */
export function shortOrderNo(orderId: string): string {
  return orderId.replace(/[^A-Za-z0-9]/g, '').slice(-8).toUpperCase();
}
