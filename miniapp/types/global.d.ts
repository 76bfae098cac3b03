/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.css'
declare module '*.scss'

/** Base URL of the BFF API, set by config/index.ts (H5: "/api/v1"). */
declare const __API_BASE__: string
/** true: sign in with "sandbox:<openid>" on the 登录 page instead of Taro.login(). */
declare const __SANDBOX_LOGIN__: boolean
/** Subscription-message template ids by kind (WECHAT_TEMPLATE_* at build time); absent: never asked. */
declare const __WECHAT_TEMPLATES__: Partial<Record<'INVITATION' | 'CONSENT' | 'FAMILY_PAYMENT' | 'REFUND', string>>

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV: 'weapp' | 'h5' | 'swan' | 'alipay' | 'tt' | 'qq' | 'jd' | 'rn' | 'harmony'
    TARO_APP_ID?: string
  }
}
