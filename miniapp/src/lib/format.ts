/** Display helpers. Money is integer fen; times are shown in Asia/Shanghai (UTC+8, no DST). */

// one implementation for the mini-program and the hospital desk
import { fenToYuan, money } from '@yibao/shared'

export { fenToYuan, money }

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

const PROVINCES: Record<string, string> = {
  '11': '北京市', '12': '天津市', '13': '河北省', '14': '山西省', '15': '内蒙古自治区',
  '21': '辽宁省', '22': '吉林省', '23': '黑龙江省', '31': '上海市', '32': '江苏省',
  '33': '浙江省', '34': '安徽省', '35': '福建省', '36': '江西省', '37': '山东省',
  '41': '河南省', '42': '湖北省', '43': '湖南省', '44': '广东省', '45': '广西壮族自治区',
  '46': '海南省', '50': '重庆市', '51': '四川省', '52': '贵州省', '53': '云南省',
  '54': '西藏自治区', '61': '陕西省', '62': '甘肃省', '63': '青海省', '64': '宁夏回族自治区',
  '65': '新疆维吾尔自治区',
}

/** 参保地: "江苏省（320102）" */
export function regionLabel(region: string | null | undefined): string {
  if (!region) return '—'
  const province = PROVINCES[region.slice(0, 2)]
  return province ? `${province}（${region}）` : region
}

/** An order's status as the citizen reads it (订单 and 缴费结果). */
export const ORDER_STATUS_LABELS: Record<string, string> = {
  PAID: '已支付',
  AWAITING_PAYMENT: '待自费支付',
}

/** One insured person's line of an order: "¥59.00，保障自 2027年1月1日 起" */
export function orderItemText(item: { amountFen: number; coverFrom: string | null }): string {
  return `${money(item.amountFen)}，保障自 ${dateOnly(item.coverFrom)} 起`
}

/** What the personal account paid: "历年结余 ¥118.00，当年 ¥59.00" (P-PAY-5) */
export function debitText(debit: { historicalFen: number; currentFen: number }): string {
  return `历年结余 ${money(debit.historicalFen)}，当年 ${money(debit.currentFen)}`
}
