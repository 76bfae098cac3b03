/**
 * Stand-ins for @tarojs/components: the same props, rendered as plain DOM elements
 * (View → div, Text → span, Button → button, Input → input, Image → img).
 */
import { createElement, ReactNode } from 'react'

type AnyProps = Record<string, unknown> & { children?: ReactNode }

// Taro's H5 View passes every prop to its div: keyboard handlers and tabIndex too
const PASS = /^(id|className|role|style|src|placeholder|disabled|value|type|title|tabIndex|onKeyDown|aria-.*|data-.*)$/

function domProps(props: AnyProps): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(props)) if (PASS.test(k)) out[k] = v
  return out
}

export function View({ children, onClick, ...rest }: AnyProps) {
  return createElement('div', { ...domProps(rest), onClick }, children)
}

export function Text({ children, onClick, ...rest }: AnyProps) {
  return createElement('span', { ...domProps(rest), onClick }, children)
}

let phoneAnswer: { code?: string; errMsg?: string } = { errMsg: 'getPhoneNumber:fail no answer set' }
/** What WeChat answers the next tap on an openType="getPhoneNumber" button. */
export function setPhoneNumberAnswer(detail: { code?: string; errMsg?: string }): void {
  phoneAnswer = detail
}

/** A tap on openType="getPhoneNumber" answers like WeChat (onGetPhoneNumber with the detail set above). */
export function Button({ children, onClick, disabled, openType, onGetPhoneNumber, ...rest }: AnyProps) {
  const tap =
    openType === 'getPhoneNumber'
      ? () => (onGetPhoneNumber as (e: { detail: typeof phoneAnswer }) => void)?.({ detail: phoneAnswer })
      : (onClick as (() => void) | undefined)
  return createElement(
    'button',
    { ...domProps(rest), 'data-open-type': openType, type: 'button', disabled: !!disabled, onClick: disabled ? undefined : tap },
    children,
  )
}

export function Input({ onInput, onBlur, value, type, maxlength, ...rest }: AnyProps) {
  return createElement('input', {
    ...domProps(rest),
    type: type === 'number' || type === 'idcard' || type === 'digit' ? 'text' : (type as string) ?? 'text',
    value: value ?? '',
    maxLength: typeof maxlength === 'number' ? maxlength : undefined,
    onChange: (e: { target: { value: string } }) =>
      (onInput as ((e: { detail: { value: string } }) => void) | undefined)?.({ detail: { value: e.target.value } }),
    onBlur: () => (onBlur as (() => void) | undefined)?.(),
  })
}

export function Image({ src, className, id, imgProps }: AnyProps) {
  return createElement('img', { src, className, id, alt: '', ...(imgProps as Record<string, unknown> | undefined) })
}

export function ScrollView({ children, ...rest }: AnyProps) {
  return createElement('div', domProps(rest), children)
}
