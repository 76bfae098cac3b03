/** Build-time settings, injected by config/index.ts (defineConstants). */
export const API_BASE: string = __API_BASE__
/** Read on each call (tests flip it); the build replaces the constant. */
export const sandboxLoginFlag = (): boolean => __SANDBOX_LOGIN__

/** Subscription-message template ids by kind (read on each call: tests may change them). */
export const messageTemplates = (): Partial<Record<'INVITATION' | 'CONSENT' | 'FAMILY_PAYMENT' | 'REFUND', string>> => __WECHAT_TEMPLATES__

export const isWeapp = (): boolean => process.env.TARO_ENV === 'weapp'
export const isH5 = (): boolean => process.env.TARO_ENV === 'h5'

/** Page routes (also the H5 hash routes: `/#/pages/home/index`). */
export const ROUTES = {
  home: '/pages/home/index',
  qrcode: '/pages/qrcode/index',
  family: '/pages/family/index',
  mine: '/pages/mine/index',
  login: '/pages/login/index',
  identity: '/pages/identity/index',
  pay: '/pages/pay/index',
  orders: '/pages/orders/index',
  orderDetail: '/pages/orders/detail',
  statement: '/pages/statement/index',
  settlements: '/pages/settlements/index',
  memberships: '/pages/memberships/index',
  account: '/pages/account/index',
  consent: '/pages/consent/index',
  terms: '/pages/legal/terms',
  privacy: '/pages/legal/privacy',
} as const

export const TAB_ROUTES: readonly string[] = [ROUTES.home, ROUTES.qrcode, ROUTES.family, ROUTES.mine]
