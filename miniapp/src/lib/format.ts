/** Display helpers. Money is integer fen; times are shown in Asia/Shanghai (UTC+8, no DST). */

// one implementation for the mini-program and the hospital desk
import { fenToYuan, money, regionLabel } from '@yibao/shared'

export { fenToYuan, money, regionLabel }

const pad = (n: number) => String(n).padStart(2, '0')

function shanghaiParts(iso: string) {
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return null
  const d = new Date(t + 8 * 3600 * 1000)
  return {
    y: d.getUTCFullYear(),
    m: d.getUTCMonth() + 1,
    d: d.getUTCDate(),
    hh: d.getUTCHours(),
    mm: d.getUTCMinutes(),
  }
}

/** "2026年12月1日 08:00" */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—'
  const p = shanghaiParts(iso)
  if (!p) return iso
  return `${p.y}年${p.m}月${p.d}日 ${pad(p.hh)}:${pad(p.mm)}`
}

/** "2027年1月1日" from "2027-01-01" or an instant */
export function dateOnly(text: string | null | undefined): string {
  if (!text) return '—'
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (m) return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`
  const p = shanghaiParts(text)
  return p ? `${p.y}年${p.m}月${p.d}日` : text
}

/** An order's status as the citizen reads it (订单 and 缴费结果). */
export const ORDER_STATUS_LABELS: Record<string, string> = {
  PAID: '已支付',
  AWAITING_PAYMENT: '待支付',
  CANCELLED: '已取消',
  EXPIRED: '已过期',
}

/** One insured person's line of an order: "¥59.00，保障自 2027年1月1日 起" */
export function orderItemText(item: { amountFen: number; coverFrom: string | null }): string {
  return `${money(item.amountFen)}，保障自 ${dateOnly(item.coverFrom)} 起`
}

/** What the personal account paid: "历年结余 ¥118.00，当年 ¥59.00" (P-PAY-5) */
export function debitText(debit: { historicalFen: number; currentFen: number }): string {
  return `历年结余 ${money(debit.historicalFen)}，当年 ${money(debit.currentFen)}`
}
