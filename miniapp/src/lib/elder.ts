/**
 * 大字版 (elderly mode, 适老化): larger text and touch targets on every page.
 * Remembered on the device (Taro storage); pages read it through useElder().
 */
import { useEffect, useState } from 'react'
import { KEYS, readItem, writeItem } from './storage'

type Listener = (on: boolean) => void
const listeners = new Set<Listener>()
let state: boolean | undefined

/** The class on <html> in H5 while 大字版 is on: what lies outside the pages (the tab bar) grows too. */
export const ELDER_ROOT_CLASS = 'yb-elder'

function markRoot(on: boolean): void {
  if (process.env.TARO_ENV === 'weapp') return // the native tab bar has no font size to set
  const root = typeof document === 'undefined' ? undefined : document.documentElement
  root?.classList?.toggle(ELDER_ROOT_CLASS, on)
}

export function isElder(): boolean {
  if (state === undefined) {
    const v = readItem<string | boolean>(KEYS.elder)
    state = v === true || v === '1'
    markRoot(state)
  }
  return state
}

export function setElder(on: boolean): void {
  state = on
  writeItem(KEYS.elder, on ? '1' : '0')
  markRoot(on)
  listeners.forEach((l) => l(on))
}

export function useElder(): boolean {
  const [on, setOn] = useState(isElder)
  useEffect(() => {
    listeners.add(setOn)
    setOn(isElder())
    return () => {
      listeners.delete(setOn)
    }
  }, [])
  return on
}

/** Tests only. */
export function resetElderCache(): void {
  state = undefined
}
