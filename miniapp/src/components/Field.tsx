import { Input, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { newId } from './a11y'
import { cx } from './cx'

type InputType = 'text' | 'number' | 'idcard' | 'digit'

/**
 * A labelled text input with its own error line (class `<inputClass>-error`). The label names
 * the input (aria-labelledby), and an error marks it invalid and describes it; the error line
 * sits in a polite live region, so that a screen reader reads it when it appears (WCAG 1.3.1,
 * 3.3.1, 4.1.3).
 */
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
  const [base] = useState(() => id ?? newId('field'))
  return (
    <View className={cx('field', error && 'has-error')}>
      <Text className='field-label' id={`${base}-label`}>
        {label}
      </Text>
      <Input
        id={id}
        className={cx('input', inputClass)}
        value={value}
        type={type}
        placeholder={placeholder}
        maxlength={maxlength}
        disabled={disabled}
        aria-labelledby={`${base}-label`}
        aria-invalid={error ? 'true' : 'false'}
        aria-describedby={error ? `${base}-error` : undefined}
        onInput={(e) => onChange(String(e.detail.value ?? ''))}
        onBlur={() => onBlur?.()}
      />
      <View className='field-live' aria-live='polite'>
        {error ? (
          <Text className={cx('field-error', `${inputClass}-error`)} id={`${base}-error`}>
            {error}
          </Text>
        ) : null}
      </View>
    </View>
  )
}
