/**
 * Paying a self-pay order (#14 finding 4), behind one adapter:
 *  - SANDBOX: the BFF's simulated cashier. The app shows its own cashier sheet (the amount,
 *    确认支付 / 取消); on 确认支付 the BFF confirms the payment.
 *  - WECHAT: `Taro.requestPayment` with the prepay the BFF obtained from WeChat Pay; once
 *    WeChat answers, the same confirm call lets the BFF check the payment and record it.
 * Either way the order becomes PAID only by the BFF's answer to the confirm call, which is
 * idempotent: one key per order, reused by a retry after a network error (P-PAY-8).
 */
import Taro from '@tarojs/taro'
import { api, CallOptions } from './api'
import { isApiError } from './errors'
import { newIdempotencyKey } from './random'
import type { Order, PaymentSession } from './types'

export type Authorisation = 'PAID' | 'CANCELLED'

/**
 * The provider's own step: for WECHAT the WeChat Pay sheet; for SANDBOX `sandboxCashier`, the
 * app's cashier sheet, which resolves once the citizen taps 确认支付 or 取消.
 */
export async function authorise(session: PaymentSession, sandboxCashier: (s: PaymentSession) => Promise<boolean>): Promise<Authorisation> {
  if (session.provider === 'SANDBOX') return (await sandboxCashier(session)) ? 'PAID' : 'CANCELLED'
  try {
    await Taro.requestPayment({ ...session.params })
    return 'PAID'
  } catch (e) {
    const msg = String((e as { errMsg?: string } | null)?.errMsg ?? '')
    if (/cancel/i.test(msg)) return 'CANCELLED'
    throw e
  }
}

/** One idempotency key per order being confirmed; kept until a definite answer. */
const pendingKeys = new Map<string, string>()

/** POST /orders/{orderId}/payment/confirm, reusing the order's key until a definite answer. */
export async function confirmPayment(orderId: string, o: CallOptions = {}): Promise<Order> {
  let key = pendingKeys.get(orderId)
  if (!key) {
    key = newIdempotencyKey()
    pendingKeys.set(orderId, key)
  }
  try {
    const order = await api.confirmPayment(orderId, key, o)
    pendingKeys.delete(orderId)
    return order
  } catch (e) {
    // an unknown outcome (network, 5xx) keeps the key: the retry cannot pay twice
    if (isApiError(e) && !e.isNetwork && !e.isCancelled && e.status > 0 && e.status < 500) pendingKeys.delete(orderId)
    throw e
  }
}

/** Whether a key is waiting for a retry (tests). */
export function pendingConfirmKey(orderId: string): string | undefined {
  return pendingKeys.get(orderId)
}
