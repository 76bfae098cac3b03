import Taro from '@tarojs/taro'
import { isWeapp } from './config'

/**
 * Raises the screen brightness while a QR code is shown (WeChat only: H5 has no such
 * API, so this does nothing there). Returns a function that restores the old value.
 */
export async function raiseBrightness(): Promise<() => void> {
  if (!isWeapp() || typeof Taro.setScreenBrightness !== 'function') return () => {}
  let previous: number | undefined
  try {
    if (typeof Taro.getScreenBrightness === 'function') previous = (await Taro.getScreenBrightness()).value
    await Taro.setScreenBrightness({ value: 1 })
    if (typeof Taro.setKeepScreenOn === 'function') void Taro.setKeepScreenOn({ keepScreenOn: true }).catch(() => {})
  } catch {
    return () => {}
  }
  return () => {
    if (typeof previous === 'number') void Taro.setScreenBrightness({ value: previous }).catch(() => {})
    if (typeof Taro.setKeepScreenOn === 'function') void Taro.setKeepScreenOn({ keepScreenOn: false }).catch(() => {})
  }
}
