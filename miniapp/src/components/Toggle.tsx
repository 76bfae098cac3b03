import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { control, newId } from './a11y'
import { cx } from './cx'

/**
 * An on/off switch drawn with Views (the same on WeChat and H5, easy to drive in tests):
 * the root is the control (role switch, aria-checked, Tab and Enter/Space), named by its
 * label and described by its hint.
 */
export function Toggle({
  on,
  onChange,
  label,
  hint,
  disabled,
  className,
  id,
}: {
  on: boolean
  onChange: (on: boolean) => void
  label: string
  hint?: string
  disabled?: boolean
  className?: string
  id?: string
}) {
  const [ids] = useState(() => newId(id ?? 'toggle'))
  return (
    <View
      id={id}
      className={cx('toggle', on && 'is-on', disabled && 'is-disabled', className)}
      {...control(() => onChange(!on), { role: 'switch', checked: on, disabled })}
      aria-labelledby={`${ids}-label`}
      aria-describedby={hint ? `${ids}-hint` : undefined}
    >
      <View className='toggle-text'>
        <Text className='toggle-label' id={`${ids}-label`}>
          {label}
        </Text>
        {hint ? (
          <Text className='toggle-hint' id={`${ids}-hint`}>
            {hint}
          </Text>
        ) : null}
      </View>
      <View className='toggle-track' aria-hidden='true'>
        <View className='toggle-knob' />
      </View>
    </View>
  )
}
