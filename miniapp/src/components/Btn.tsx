import { Button } from '@tarojs/components'
import type { ReactNode } from 'react'
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
  openType?: 'getPhoneNumber' | 'share'
  onGetPhoneNumber?: (e: { detail: { code?: string; errMsg?: string } }) => void
  /** data-* attributes (WeChat hands them to onShareAppMessage as `target.dataset`). */
  data?: Record<string, string>
}

/** A button with a ≥ 48 px touch target; disabled buttons also carry aria-disabled. */
export function Btn({ children, onClick, kind = 'default', disabled, loading, className, id, small, openType, onGetPhoneNumber, data }: BtnProps) {
  const off = !!disabled || !!loading
  return (
    <Button
      {...Object.fromEntries(Object.entries(data ?? {}).map(([k, v]) => [`data-${k}`, v]))}
      id={id}
      className={cx('btn', `btn-${kind}`, small && 'btn-small', off && 'is-disabled', loading && 'is-loading', className)}
      disabled={off}
      aria-disabled={off ? 'true' : 'false'}
      openType={openType}
      onGetPhoneNumber={onGetPhoneNumber as never}
      onClick={() => {
        if (!off) onClick?.()
      }}
    >
      {children}
    </Button>
  )
}
