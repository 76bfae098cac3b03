import { View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { useElder } from '../lib/elder'
import { cx } from './cx'

/** Each page's title (its navigationBarTitleText), keyed by the page root's class. */
export const PAGE_TITLES: Record<string, string> = {
  'page-home': '医保服务',
  'page-qrcode': '医保电子凭证',
  'page-family': '家庭共济',
  'page-mine': '我的',
  'page-login': '登录',
  'page-identity': '实名认证',
  'page-pay': '医保缴费',
  'page-orders': '我的订单',
  'page-statement': '账户明细',
  'page-settlements': '就诊结算记录',
  'page-memberships': '我加入的家庭',
  'page-account': '我的数据与注销',
}

function titleOf(className?: string): string | undefined {
  return (className ?? '').split(/\s+/).map((c) => PAGE_TITLES[c]).find(Boolean)
}

/**
 * Root of every page: applies 大字版 (class `elder`) and the page padding, and opens with the
 * page's one top heading (level 1; drawn off-screen, since the title bar already shows it) so
 * that a screen reader can find where the page starts; card titles are level 2 below it.
 */
export function Page({ children, className, title }: { children?: ReactNode; className?: string; title?: string }) {
  const elder = useElder()
  const heading = title ?? titleOf(className)
  return (
    <View className={cx('page', elder && 'elder', className)}>
      {heading ? (
        <View className='sr-only page-heading' role='heading' aria-level={1}>
          {heading}
        </View>
      ) : null}
      {children}
    </View>
  )
}

/** A titled block; the title is a level-2 heading (a screen reader jumps between them). */
export function Card({ children, className, title }: { children?: ReactNode; className?: string; title?: string }) {
  return (
    <View className={cx('card', className)}>
      {title ? (
        <View className='card-title' role='heading' aria-level={2}>
          {title}
        </View>
      ) : null}
      {children}
    </View>
  )
}

export function Row({ label, value, className }: { label: string; value: ReactNode; className?: string }) {
  return (
    <View className={cx('row', className)}>
      <View className='row-label'>{label}</View>
      <View className='row-value'>{value}</View>
    </View>
  )
}
