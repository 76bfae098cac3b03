import { View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { control } from './a11y'
import { cx } from './cx'

/**
 * One choice of a group: a radio (one of several: product, relation, person chip) or a
 * checkbox (any of several: the people to pay for). Role, aria-checked, Tab and Enter/Space
 * in one place; the class `is-selected` / `is-checked` draws it.
 */
export function Choice({
  kind,
  checked,
  onPick,
  children,
  className,
  id,
  label,
  disabled,
}: {
  kind: 'radio' | 'checkbox'
  checked: boolean
  onPick: () => void
  children?: ReactNode
  className?: string
  id?: string
  label?: string
  disabled?: boolean
}) {
  return (
    <View id={id} className={cx(className, checked && (kind === 'radio' ? 'is-selected' : 'is-checked'))} {...control(onPick, { role: kind, checked, label, disabled })}>
      {children}
    </View>
  )
}

/** A group of choices, named for a screen reader (role radiogroup or group). */
export function ChoiceGroup({ kind, label, className, children }: { kind: 'radio' | 'checkbox'; label: string; className?: string; children?: ReactNode }) {
  return (
    <View className={className} role={kind === 'radio' ? 'radiogroup' : 'group'} aria-label={label}>
      {children}
    </View>
  )
}

/** A row or tile that opens another page (role link, Enter). */
export function LinkItem({ onOpen, className, children, label }: { onOpen: () => void; className?: string; children?: ReactNode; label?: string }) {
  return (
    <View className={className} {...control(onOpen, { role: 'link', label })}>
      {children}
    </View>
  )
}
