/**
 * 大字版 (elderly mode, 适老化): larger text and touch targets on every page.
 * Remembered on the device (Taro storage); pages read it through useElder().
 */
import { useEffect, useState } from 'react'
import { KEYS, readItem, writeItem } from './storage'

type Listener = (on: boolean) => void
const listeners = new Set<Listener>()
let state: boolean | undefined

export function isElder(): boolean {
  if (state === undefined) {
    const v = readItem<string | boolean>(KEYS.elder)
    state = v === true || v === '1'
  }
  return state
}

export function setElder(on: boolean): void {
  state = on
  writeItem(KEYS.elder, on ? '1' : '0')
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
