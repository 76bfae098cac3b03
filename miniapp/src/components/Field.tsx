import { Input, Text, View } from '@tarojs/components'
import { cx } from './cx'

type InputType = 'text' | 'number' | 'idcard' | 'digit'

/** A labelled text input with its own error line (class `<inputClass>-error`). */
export function Field({
  label,
  value,
  onChange,
  onBlur,
  error,
  placeholder,
  type = 'text',
  maxlength,
  inputClass,
  id,
  disabled,
}: {
  label: string
  value: string
  onChange: (v: string) => void
  onBlur?: () => void
  error?: string
  placeholder?: string
  type?: InputType
  maxlength?: number
  /** stable hook for tests, e.g. "js-verify-name" */
  inputClass: string
  id?: string
  disabled?: boolean
}) {
  return (
    <View className={cx('field', error && 'has-error')}>
      <Text className='field-label'>{label}</Text>
      <Input
        id={id}
        className={cx('input', inputClass)}
        value={value}
        type={type}
        placeholder={placeholder}
        maxlength={maxlength}
        disabled={disabled}
        onInput={(e) => onChange(String(e.detail.value ?? ''))}
        onBlur={() => onBlur?.()}
      />
      {error ? <Text className={cx('field-error', `${inputClass}-error`)}>{error}</Text> : null}
    </View>
  )
}
