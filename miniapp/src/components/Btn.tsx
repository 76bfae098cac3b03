import { Button } from '@tarojs/components'
import type { ReactNode } from 'react'
import { control } from './a11y'
import { cx } from './cx'

export interface BtnProps {
  children?: ReactNode
  onClick?: () => void
  kind?: 'primary' | 'default' | 'danger' | 'link'
  disabled?: boolean
  loading?: boolean
  className?: string
  id?: string
  small?: boolean
  /** the accessible name when the visible text is not enough */
  label?: string
  openType?: 'getPhoneNumber' | 'share'
  onGetPhoneNumber?: (e: { detail: { code?: string; errMsg?: string } }) => void
  /** data-* attributes (WeChat hands them to onShareAppMessage as `target.dataset`). */
  data?: Record<string, string>
}

/**
 * A button with a ≥ 48 px touch target. Taro's H5 Button is a div with no role and no place
 * in the Tab order, so the button's role, state (aria-disabled, aria-busy) and Enter/Space
 * activation are given here, for every button of the app (WCAG 4.1.2, 2.1.1).
 */
export function Btn({ children, onClick, kind = 'default', disabled, loading, className, id, small, label, openType, onGetPhoneNumber, data }: BtnProps) {
  const off = !!disabled || !!loading
  return (
    <Button
      {...Object.fromEntries(Object.entries(data ?? {}).map(([k, v]) => [`data-${k}`, v]))}
      id={id}
      className={cx('btn', `btn-${kind}`, small && 'btn-small', off && 'is-disabled', loading && 'is-loading', className)}
      disabled={off}
      openType={openType}
      onGetPhoneNumber={onGetPhoneNumber as never}
      aria-busy={loading ? 'true' : undefined}
      {...control(onClick, { role: 'button', label, disabled: off })}
    >
      {children}
    </Button>
  )
}
