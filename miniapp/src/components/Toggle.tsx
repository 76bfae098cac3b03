import { Text, View } from '@tarojs/components'
import { cx } from './cx'

/**
 * An on/off switch drawn with Views (the same on WeChat and H5, easy to drive in tests):
 * the root carries `is-on` and aria-checked.
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
  return (
    <View
      id={id}
      className={cx('toggle', on && 'is-on', disabled && 'is-disabled', className)}
      role='switch'
      aria-checked={on ? 'true' : 'false'}
      aria-disabled={disabled ? 'true' : 'false'}
      onClick={() => {
        if (!disabled) onChange(!on)
      }}
    >
      <View className='toggle-text'>
        <Text className='toggle-label'>{label}</Text>
        {hint ? <Text className='toggle-hint'>{hint}</Text> : null}
      </View>
      <View className='toggle-track'>
        <View className='toggle-knob' />
      </View>
    </View>
  )
}
