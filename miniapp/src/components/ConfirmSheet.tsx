import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Nw } from './Nw'
import { useEffect, useRef, type ReactNode } from 'react'
import { control, newId } from './a11y'
import { Btn } from './Btn'
import { cx } from './cx'
import './sheet.scss'

export interface SheetRow {
  label: string
  value: ReactNode
  className?: string
}

export interface ConfirmSheetProps {
  open: boolean
  title: string
  /** Who pays, for whom, how much, from which bucket: one row each. */
  rows?: SheetRow[]
  /** A large amount under the title (a cashier shows what is paid first). */
  amount?: string
  children?: ReactNode
  confirmText: string
  cancelText?: string
  /** The confirm button is a refusal-coloured one (e.g. 取消订单). */
  danger?: boolean
  busy?: boolean
  onConfirm: () => void
  onCancel: () => void
  className?: string
  /** On a tab page: the tab bar is hidden while the sheet is open (it would cover 确认 in H5). */
  overTabBar?: boolean
}

/**
 * A WeUI half-screen dialog (weui-half-screen-dialog) that asks before money moves (#14
 * finding 3): a mask, a bottom sheet with a title, what will happen, and 确认 / 取消. It is a
 * modal dialog for a screen reader (role dialog, aria-modal, named by its title), takes the
 * focus when it opens (H5) and closes with Escape, with the mask, or with 关闭.
 */
export function ConfirmSheet({ open, title, rows, amount, children, confirmText, cancelText = '取消', danger, busy, onConfirm, onCancel, className, overTabBar }: ConfirmSheetProps) {
  const ids = useRef<{ title: string; body: string }>()
  if (!ids.current) ids.current = { title: newId('sheet-title'), body: newId('sheet-body') }
  const { title: titleId, body: bodyId } = ids.current
  const cancel = () => {
    if (!busy) onCancel()
  }
  useEffect(() => {
    if (!open || !overTabBar) return
    tabBar(false)
    return () => tabBar(true)
  }, [open, overTabBar])
  // H5: the title takes the focus when the sheet opens; the control that opened it gets it back
  useEffect(() => {
    if (!open || typeof document === 'undefined') return
    const opener = document.activeElement as HTMLElement | null
    document.getElementById(titleId)?.focus?.()
    return () => {
      if (opener && document.contains(opener)) opener.focus?.()
    }
  }, [open, titleId])
  if (!open) return null
  // Taro's View passes these to the DOM in H5 (its types do not list them)
  const dialogProps = {
    onKeyDown: (e: { key?: string; shiftKey?: boolean; preventDefault?: () => void; currentTarget?: unknown }) => {
      if (e.key === 'Escape') cancel()
      if (e.key === 'Tab') trapTab(e)
    },
  }
  const focusable = { tabIndex: -1 }
  return (
    <View className={cx('sheet-root', className)}>
      <View className='sheet-mask js-sheet-mask' onClick={cancel} aria-hidden='true' />
      <View
        className='sheet js-sheet'
        role='dialog'
        aria-modal='true'
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        {...dialogProps}
      >
        <View className='sheet-head'>
          <View id={titleId} className='sheet-title js-sheet-title' role='heading' aria-level={2} {...focusable}>
            {title}
          </View>
          <View className='sheet-close js-sheet-close' {...control(cancel, { role: 'button', label: '关闭', disabled: busy })}>
            <Text aria-hidden='true'>×</Text>
          </View>
        </View>
        <View id={bodyId} className='sheet-body'>
          {amount ? <View className='sheet-amount nw js-sheet-amount'>{amount}</View> : null}
          {(rows ?? []).map((r, i) => (
            <View key={i} className={cx('sheet-row', r.className)}>
              <View className='sheet-row-label'>{r.label}</View>
              <View className='sheet-row-value'>{r.value}</View>
            </View>
          ))}
          {children}
        </View>
        <View className='sheet-actions'>
          <Btn className='js-sheet-cancel' disabled={busy} onClick={cancel}>
            {cancelText}
          </Btn>
          <Btn kind={danger ? 'danger' : 'primary'} className='js-sheet-confirm' loading={busy} onClick={onConfirm}>
            {confirmText}
          </Btn>
        </View>
      </View>
    </View>
  )
}

/** Taro.hideTabBar / showTabBar, quietly (a page without a tab bar, or a test, has none). */
function tabBar(show: boolean): void {
  void Promise.resolve()
    .then(() => (show ? Taro.showTabBar({ animation: false }) : Taro.hideTabBar({ animation: false })))
    .catch(() => undefined)
}

/** Tab and Shift+Tab stay inside the open dialog (WAI-ARIA modal dialog pattern). */
function trapTab(e: { shiftKey?: boolean; preventDefault?: () => void; currentTarget?: unknown }): void {
  if (typeof document === 'undefined') return
  const root = e.currentTarget as HTMLElement | undefined
  if (!root?.querySelectorAll) return
  const items = Array.from(root.querySelectorAll<HTMLElement>('[tabindex="0"]')).filter((el) => el.getAttribute('aria-disabled') !== 'true')
  if (items.length === 0) return
  const first = items[0]!
  const last = items[items.length - 1]!
  const at = document.activeElement
  if (e.shiftKey && (at === first || !root.contains(at))) {
    e.preventDefault?.()
    last.focus()
  } else if (!e.shiftKey && (at === last || !root.contains(at))) {
    e.preventDefault?.()
    first.focus()
  }
}
