import Taro from '@tarojs/taro'
import { TAB_ROUTES } from './config'

/** Opens a page: tab pages with switchTab, the others with navigateTo. */
export function go(url: string): void {
  const path = url.split('?')[0]
  if (TAB_ROUTES.includes(path)) void Taro.switchTab({ url: path })
  else void Taro.navigateTo({ url })
}
