/**
 * P-PAY-8 on the phone: one Idempotency-Key per confirmation.
 *  - A retry of the same order after a network error (or a 5xx other than 503) reuses the
 *    key, so the BFF answers the first result again and charges nothing more. The pending
 *    key is also kept in storage, so a retry after the app was closed reuses it too.
 *  - A second tap while the first is in flight is refused here (the button is disabled as
 *    well), so a double tap cannot send two orders.
 *  - Any definite answer (201, or a 4xx / 503 contract error) ends the confirmation: the
 *    next confirmation, or a changed order (other people, SELF_PAY), gets a new key.
 */
import { api, CallOptions } from '../../lib/api'
import { ApiError, isApiError } from '../../lib/errors'
import { newIdempotencyKey } from '../../lib/random'
import { KEYS, readItem, removeItem, writeItem } from '../../lib/storage'
import type { Order, PayMethod } from '../../lib/types'

export interface OrderRequest {
  productId: string
  insured: string[]
  payMethod: PayMethod
}

interface Pending {
  signature: string
  key: string
}

export function signature(o: OrderRequest): string {
  return JSON.stringify([o.productId, [...o.insured].sort(), o.payMethod])
}

/** Whether an error leaves the outcome unknown (so the same key must be reused). */
export function outcomeUnknown(e: unknown): boolean {
  if (!isApiError(e)) return true
  if (e.isNetwork) return true
  return e.status >= 500 && e.code !== 'SERVICE_SUSPENDED'
}

export class OrderSubmitter {
  private inFlight = false
  private pending: Pending | null

  constructor() {
    const saved = readItem<Pending>(KEYS.pendingOrder)
    this.pending = saved && typeof saved.key === 'string' && typeof saved.signature === 'string' ? saved : null
  }

  get busy(): boolean {
    return this.inFlight
  }

  /** The key the next submit of `o` will use, if one is pending (tests, display). */
  pendingKeyFor(o: OrderRequest): string | undefined {
    return this.pending?.signature === signature(o) ? this.pending.key : undefined
  }

  /**
   * POST /orders. Resolves with the order; rejects with the ApiError; rejects with
   * ApiError code "IN_FLIGHT" when a submit is already running (double tap).
   */
  async submit(o: OrderRequest, opts: CallOptions = {}): Promise<Order> {
    if (this.inFlight) throw new ApiError({ status: 0, code: 'IN_FLIGHT', message: '正在提交，请勿重复操作' })
    const sig = signature(o)
    if (!this.pending || this.pending.signature !== sig) {
      this.pending = { signature: sig, key: newIdempotencyKey() }
      writeItem(KEYS.pendingOrder, this.pending)
    }
    const key = this.pending.key
    this.inFlight = true
    try {
      const order = await api.createOrder({ productId: o.productId, insured: o.insured, payMethod: o.payMethod }, key, opts)
      this.settle(key)
      return order
    } catch (e) {
      if (!outcomeUnknown(e) && !(isApiError(e) && e.isCancelled)) this.settle(key)
      throw e
    } finally {
      this.inFlight = false
    }
  }

  private settle(key: string) {
    if (this.pending?.key === key) {
      this.pending = null
      removeItem(KEYS.pendingOrder)
    }
  }
}
