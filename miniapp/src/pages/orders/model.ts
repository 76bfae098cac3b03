import { shortOrderNo } from '../../lib/shared'
import type { Order } from '../../lib/types'

export { shortOrderNo }

export const PAY_METHOD_LABELS: Record<string, string> = {
  PERSONAL_ACCOUNT: '职工医保个人账户',
  SELF_PAY: '自费支付',
}

/** Status tag colour: paid green, waiting orange, closed grey (never red: nothing went wrong). */
export function statusTone(status: Order['status']): string {
  if (status === 'PAID') return 'tag-ok'
  if (status === 'AWAITING_PAYMENT') return 'tag-warn'
  return 'tag-muted'
}

/** The last day of cover: a year's product covers to 31 December of its year (P-PAY-6). */
export function coverUntil(coverFrom: string, year?: number): string {
  const y = year ?? Number(coverFrom.slice(0, 4))
  return `${y}-12-31`
}

/** The orders still waiting for payment, and the others (paid, cancelled, expired). */
export function splitOrders(orders: Order[]): { pending: Order[]; done: Order[] } {
  const sorted = [...orders].sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''))
  return { pending: sorted.filter((o) => o.status === 'AWAITING_PAYMENT'), done: sorted.filter((o) => o.status !== 'AWAITING_PAYMENT') }
}
