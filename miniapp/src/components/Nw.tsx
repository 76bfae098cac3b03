import { Text } from '@tarojs/components'
import type { ReactNode } from 'react'
import { regionLabel } from '../lib/format'
import { cx } from './cx'

/**
 * #14 finding 5: a money amount, a date, an age or a place never wraps inside itself
 * ("¥5,000.|00", "2027年1月1|日 起", "11|岁", "江苏|省"). `.nw` (app.scss) is white-space:
 * nowrap + word-break: keep-all; the line may still break before or after the token.
 */
export function Nw({ children, className }: { children?: ReactNode; className?: string }) {
  return <Text className={cx('nw', className)}>{children}</Text>
}

/**
 * The tokens that must stay whole inside a sentence: money (¥1,234.00, −¥15.00), dates
 * (2027年1月1日, 2027年1月), times (08:00), amounts in words (100万元, 90%), ages (45岁), counts with a unit (6 个月, 60 秒),
 * ID tails (尾号0113), masked ID numbers, and a relation word with its masked name (儿子 王**:
 * #14 finding 1, "儿|子" must not break either).
 */
const TOKEN =
  /(?:兄弟姐妹|祖父母|孙子女|本人|丈夫|妻子|配偶|父亲|母亲|父母|儿子|女儿|子女|兄弟|姐妹|祖父|祖母|孙子|孙女) [\u4e00-\u9fff]{1,2}\*+|[−+-]?¥[\d,]+(?:\.\d+)?|\d[\d,]*(?:\.\d+)?(?:万元|元|%)|\d{4}年\d{1,2}月(?:\d{1,2}日)?|\d{1,2}月\d{1,2}日|\d{1,2}:\d{2}|\d+岁|\d+ ?(?:个月|秒|天|小时|分钟|次)|尾号[\dX]{4}|\d{3}\*+[\dX]{4}/g

/** Splits a text into plain runs and the tokens of TOKEN (exported for tests). */
export function splitTokens(text: string): { text: string; token: boolean }[] {
  const out: { text: string; token: boolean }[] = []
  let last = 0
  // an exec loop rather than matchAll: older WeChat base libraries lack it
  const re = new RegExp(TOKEN.source, 'g')
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const at = m.index
    if (at > last) out.push({ text: text.slice(last, at), token: false })
    out.push({ text: m[0], token: true })
    last = at + m[0].length
  }
  if (last < text.length) out.push({ text: text.slice(last), token: false })
  return out
}

/** A sentence whose money, dates and ages each stay on one line: <NwText text={orderItemText(it)} /> */
export function NwText({ text, className }: { text: string; className?: string }) {
  const parts = splitTokens(text)
  return (
    <Text className={className}>
      {parts.map((p, i) => (p.token ? <Nw key={i}>{p.text}</Nw> : p.text))}
    </Text>
  )
}

/**
 * 参保地 as a place name, province and city each kept whole ("江苏省 南京市" may break between
 * them, never inside one): the region code of API.md through regionLabel.
 */
export function Place({ region, className }: { region: string | null | undefined; className?: string }) {
  const full = regionLabel(region)
  const province = region && region.length >= 2 ? regionLabel(region.slice(0, 2)) : ''
  const city = province && full.startsWith(province) ? full.slice(province.length) : ''
  return (
    <Text className={cx('place', className)}>
      {city ? (
        <>
          <Nw>{province}</Nw>
          <Nw>{city}</Nw>
        </>
      ) : (
        <Nw>{full}</Nw>
      )}
    </Text>
  )
}
