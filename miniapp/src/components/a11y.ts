import type { KeyboardEvent } from 'react'

/** The roles of the app's own controls (drawn with View: the same on WeChat and H5). */
export type ControlRole = 'button' | 'link' | 'switch' | 'checkbox' | 'radio'

export interface ControlOptions {
  role: ControlRole
  /** the accessible name when the visible text is not enough (aria-label) */
  label?: string
  /** switch, checkbox, radio: aria-checked */
  checked?: boolean
  /** a toggle button: aria-pressed */
  pressed?: boolean
  disabled?: boolean
}

/**
 * Props that make a View a control a screen reader announces and a keyboard operates (WCAG
 * 4.1.2, 2.1.1): its role, name and state, a place in the Tab order, and activation with
 * Enter (and Space, except for links, as native controls do). A disabled control stays
 * focusable and says so (aria-disabled), so that it can still be found.
 */
export function control(onPress: (() => void) | undefined, o: ControlOptions) {
  const press = () => {
    if (!o.disabled) onPress?.()
  }
  return {
    role: o.role,
    tabIndex: 0,
    'aria-label': o.label,
    'aria-checked': o.checked === undefined ? undefined : o.checked ? 'true' : 'false',
    'aria-pressed': o.pressed === undefined ? undefined : o.pressed ? 'true' : 'false',
    'aria-disabled': o.disabled ? 'true' : 'false',
    onClick: press,
    onKeyDown: (e: KeyboardEvent) => {
      if (e.key === 'Enter' || (o.role !== 'link' && (e.key === ' ' || e.key === 'Spacebar'))) {
        e.preventDefault()
        press()
      }
    },
  }
}

/** A stable id for tying a label or an error line to its control (aria-labelledby/-describedby). */
let next = 0
export function newId(prefix: string): string {
  next += 1
  return `${prefix}-${next}`
}
