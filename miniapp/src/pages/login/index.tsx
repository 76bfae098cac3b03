import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { Btn } from '../../components/Btn'
import { Field } from '../../components/Field'
import { Card, Page } from '../../components/Page'
import { ErrorText } from '../../components/States'
import {
  deviceOpenid,
  newRandomOpenid,
  OPENID_PATTERN,
  signInWithOpenid,
  signInWithWeChat,
  usesSandboxLogin,
} from '../../lib/auth'
import { ROUTES } from '../../lib/config'
import { useMounted, useScope } from '../../lib/hooks'
import { isSignedIn } from '../../lib/session'
import { KEYS, readItem, removeItem } from '../../lib/storage'

/**
 * 登录. Sandbox (H5, or weapp built with SANDBOX_LOGIN=1): POST /auth/login
 * {code:"sandbox:<openid>"} with this device's openid or one typed in, so that two
 * different people can be simulated. WeChat: Taro.login().
 */
export default function Login() {
  const scope = useScope()
  const mounted = useMounted()
  const sandbox = usesSandboxLogin()
  const [openid, setOpenid] = useState(() => (sandbox ? deviceOpenid() : ''))
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [fieldError, setFieldError] = useState('')

  const done = () => {
    // a shared invitation's consent page sent the user here: back to it (it asks for 实名认证 if needed)
    const back = readItem<string>(KEYS.returnTo)
    if (typeof back === 'string' && back.startsWith(ROUTES.consent)) {
      removeItem(KEYS.returnTo)
      void Taro.redirectTo({ url: back })
      return
    }
    void Taro.switchTab({ url: ROUTES.home })
  }

  const submit = async () => {
    if (busy) return
    setError(null)
    if (sandbox && !OPENID_PATTERN.test(openid.trim())) {
      setFieldError('用户标识应为1至64位字母、数字、下划线或连字符')
      return
    }
    setFieldError('')
    setBusy(true)
    try {
      if (sandbox) await signInWithOpenid(openid, { scope })
      else await signInWithWeChat({ scope })
      if (mounted.current) done()
    } catch (e) {
      if (mounted.current) setError(e)
    } finally {
      if (mounted.current) setBusy(false)
    }
  }

  return (
    <Page className='page-login'>
      <Card title={sandbox ? '沙箱登录' : '微信登录'}>
        {isSignedIn() ? <View className='muted js-login-current'>当前已登录，重新登录将切换账号。</View> : null}
        {sandbox ? (
          <View>
            <View className='muted'>测试环境：以下用户标识代表一位微信用户。默认使用本机的随机标识，也可以输入其他标识来模拟另一个人。</View>
            <Field
              label='用户标识（openid）'
              value={openid}
              onChange={(v) => {
                setOpenid(v)
                setFieldError('')
              }}
              error={fieldError}
              maxlength={64}
              inputClass='js-login-openid'
              id='login-openid'
            />
            <Btn className='js-login-random' onClick={() => setOpenid(newRandomOpenid())}>
              换一个随机标识
            </Btn>
          </View>
        ) : (
          <View className='muted'>使用微信身份登录医保服务。</View>
        )}
        <ErrorText error={error} className='js-login-error' />
        <Btn kind='primary' id='login-submit' className='js-login-submit' loading={busy} onClick={() => void submit()}>
          {busy ? '登录中…' : sandbox ? '登录' : '微信一键登录'}
        </Btn>
        <Text className='hint'>登录即表示同意《用户服务协议》和《隐私政策》。</Text>
      </Card>
    </Page>
  )
}
