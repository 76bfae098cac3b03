/**
 * Everything a citizen must never see in a real WeChat build (#14 finding 9): the sandbox sign-in
 * form (a typed openid instead of wx.login) and the test account switch. Loaded only as
 *   const sandboxOnly = __SANDBOX_LOGIN__ ? require('…/SandboxOnly') : null
 * which webpack resolves when it builds (config/index.ts defineConstants): a weapp build without
 * SANDBOX_LOGIN holds neither this module nor its words (src/sandbox-words.test.ts,
 * scripts/size.mjs check both).
 */
import { View } from '@tarojs/components'
import { newRandomOpenid } from '../lib/auth'
import { ROUTES } from '../lib/config'
import { go } from '../lib/nav'
import { Btn } from './Btn'
import { LinkItem } from './Choice'
import { Field } from './Field'

export const SANDBOX_TITLE = '沙箱登录'
export const OPENID_FORMAT_ERROR = '用户标识应为1至64位字母、数字、下划线或连字符'

/** The sandbox sign-in: this device's random openid, or one typed in to be another person. */
export function SandboxSignInForm({ openid, onChange, error }: { openid: string; onChange: (v: string) => void; error: string }) {
  return (
    <View>
      <View className='muted'>测试环境：以下用户标识代表一位微信用户。默认使用本机的随机标识，也可以输入其他标识来模拟另一个人。</View>
      <Field label='用户标识（openid）' value={openid} onChange={onChange} error={error} maxlength={64} inputClass='js-login-openid' id='login-openid' />
      <Btn className='js-login-random' onClick={() => onChange(newRandomOpenid())}>
        换一个随机标识
      </Btn>
    </View>
  )
}

/** 我的: another sandbox identity on this device. */
export function SwitchAccountLink() {
  return (
    <LinkItem className='link js-mine-switch' onOpen={() => go(ROUTES.login)}>
      切换账号（测试）
    </LinkItem>
  )
}
