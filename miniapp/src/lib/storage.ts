import Taro from '@tarojs/taro'

/** Device storage (Taro storage: wx storage on weapp, localStorage on H5). Never throws. */
export function readItem<T>(key: string): T | undefined {
  try {
    const v = Taro.getStorageSync(key) as T | '' | null | undefined
    return v === '' || v === null || v === undefined ? undefined : (v as T)
  } catch {
    return undefined
  }
}

export function writeItem(key: string, value: unknown): void {
  try {
    Taro.setStorageSync(key, value)
  } catch {
    /* storage full or unavailable: the app keeps working without persistence */
  }
}

export function removeItem(key: string): void {
  try {
    Taro.removeStorageSync(key)
  } catch {
    /* ignore */
  }
}

export const KEYS = {
  tokens: 'yibao.tokens',
  openid: 'yibao.openid',
  elder: 'yibao.elder',
  pendingOrder: 'yibao.pendingOrder',
  clockOffset: 'yibao.clockOffset',
  /** A page to come back to after 登录 / 实名认证 (the consent page a shared invitation opened). */
  returnTo: 'yibao.returnTo',
  /** Declined invitations the organizer has read (知道了, #14 finding 10): memberIds. */
  dismissedDeclines: 'yibao.dismissedDeclines',
} as const
