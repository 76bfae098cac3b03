import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { ReactNode } from 'react'
import { control } from './a11y'
import { isH5, ROUTES } from '../lib/config'
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
  'page-order-detail': '订单详情',
  'page-statement': '账户明细',
  'page-settlements': '就诊结算记录',
  'page-memberships': '我加入的家庭',
  'page-account': '我的数据与注销',
  'page-consent': '家庭共济邀请',
  'page-terms': '用户服务协议',
  'page-privacy': '隐私政策',
}

/** The tab pages' roots: the tab bar is their way around, so no back button. */
const TAB_PAGES = new Set(['page-home', 'page-qrcode', 'page-family', 'page-mine'])

function titleOf(className?: string): string | undefined {
  return (className ?? '').split(/\s+/).map((c) => PAGE_TITLES[c]).find(Boolean)
}

/**
 * H5 only (#14 conventions): back to the page before, or — opened straight from a link, with
 * nothing before it — to 首页, never a dead end. WeChat draws its own navigation bar.
 */
export function goBack(): void {
  const depth = typeof Taro.getCurrentPages === 'function' ? Taro.getCurrentPages().length : 0
  if (depth > 1) void Taro.navigateBack()
  else void Taro.switchTab({ url: ROUTES.home })
}

/**
 * Root of every page: applies 大字版 (class `elder`) and the page padding, and opens with the
 * page's one top heading (level 1) so that a screen reader can find where the page starts; card
 * titles are level 2 below it. WeChat's title bar already shows the title, so there the heading
 * is drawn off-screen; in H5 a page that is not a tab has a bar of its own: 返回 and the title
 * (#14 conventions: every non-tab page has its title and a back button).
 */
export function Page({ children, className, title }: { children?: ReactNode; className?: string; title?: string }) {
  const elder = useElder()
  const heading = title ?? titleOf(className)
  const bar = isH5() && !(className ?? '').split(/\s+/).some((c) => TAB_PAGES.has(c))
  return (
    <View className={cx('page', elder && 'elder', bar && 'has-nav', className)}>
      {bar ? (
        <View className='nav-bar js-nav-bar'>
          <View className='nav-back js-nav-back' {...control(goBack, { role: 'button', label: '返回' })}>
            <View className='nav-back-arrow' aria-hidden='true' />
            <View className='nav-back-text' aria-hidden='true'>
              返回
            </View>
          </View>
          <View className='nav-title js-nav-title page-heading' role='heading' aria-level={1}>
            {heading ?? ''}
          </View>
        </View>
      ) : heading ? (
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

export function Row({ label, value, className }: { label: ReactNode; value: ReactNode; className?: string }) {
  return (
    <View className={cx('row', className)}>
      <View className='row-label'>{label}</View>
      <View className='row-value'>{value}</View>
    </View>
  )
}
