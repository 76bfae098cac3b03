import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { Btn } from '../../components/Btn'
import { Choice, LinkItem } from '../../components/Choice'
import { cx } from '../../components/cx'
import { Card, Page } from '../../components/Page'
import { ErrorText } from '../../components/States'
import { deviceOpenid, OPENID_PATTERN, signInWithOpenid, signInWithWeChat, usesSandboxLogin } from '../../lib/auth'
import { ROUTES } from '../../lib/config'
import { useMounted, useScope } from '../../lib/hooks'
import { go } from '../../lib/nav'
import { isSignedIn } from '../../lib/session'
import { KEYS, readItem, removeItem } from '../../lib/storage'

// Resolved by webpack when it builds (defineConstants): a build without SANDBOX_LOGIN holds
// neither the sandbox form nor its words (#14 finding 9).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sandboxOnly: typeof import('../../components/SandboxOnly') | null = __SANDBOX_LOGIN__ ? require('../../components/SandboxOnly') : null

/** #14 conventions: sign-in needs the tick on 《用户服务协议》《隐私政策》; until then 登录 explains and does nothing. */
export const CONSENT_NEEDED = '请先阅读并勾选同意《用户服务协议》和《隐私政策》'

/**
 * 登录. Sandbox builds (H5, or weapp built with SANDBOX_LOGIN=1): POST /auth/login
 * {code:"sandbox:<openid>"} with this device's openid or one typed in, so that two
 * different people can be simulated. WeChat: Taro.login().
 */
export default function Login() {
  const scope = useScope()
  const mounted = useMounted()
  const form = sandboxOnly && usesSandboxLogin() ? sandboxOnly : null
  const [openid, setOpenid] = useState(() => (form ? deviceOpenid() : ''))
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [fieldError, setFieldError] = useState('')
  const [agreed, setAgreed] = useState(false)
  const [consentError, setConsentError] = useState(false)

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
    if (!agreed) {
      setConsentError(true)
      return
    }
    if (form && !OPENID_PATTERN.test(openid.trim())) {
      setFieldError(form.OPENID_FORMAT_ERROR)
      return
    }
    setFieldError('')
    setBusy(true)
    try {
      if (form) await signInWithOpenid(openid, { scope })
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
      <Card title={form ? form.SANDBOX_TITLE : '微信登录'}>
        {isSignedIn() ? <View className='muted js-login-current'>当前已登录，重新登录将切换账号。</View> : null}
        {form ? (
          <form.SandboxSignInForm
            openid={openid}
            error={fieldError}
            onChange={(v) => {
              setOpenid(v)
              setFieldError('')
            }}
          />
        ) : (
          <View className='muted'>使用微信身份登录医保服务。</View>
        )}
        <View className='agree'>
          <Choice
            kind='checkbox'
            id='login-agree'
            className='agree-check js-login-agree'
            checked={agreed}
            label='我已阅读并同意《用户服务协议》和《隐私政策》'
            onPick={() => {
              setAgreed(!agreed)
              setConsentError(false)
            }}
          >
            <View className={cx('checkbox', agreed && 'is-checked')} aria-hidden='true'>
              {agreed ? '✓' : ''}
            </View>
            <Text>我已阅读并同意</Text>
          </Choice>
          <View className='agree-docs'>
            <LinkItem className='link-inline js-login-terms' onOpen={() => go(ROUTES.terms)}>
              《用户服务协议》
            </LinkItem>
            <Text>和</Text>
            <LinkItem className='link-inline js-login-privacy' onOpen={() => go(ROUTES.privacy)}>
              《隐私政策》
            </LinkItem>
          </View>
        </View>
        <View aria-live='polite'>{consentError ? <View className='error-box js-login-consent-error'>{CONSENT_NEEDED}</View> : null}</View>
        <ErrorText error={error} className='js-login-error' />
        <Btn kind='primary' id='login-submit' className='js-login-submit' loading={busy} onClick={() => void submit()}>
          {busy ? '登录中…' : form ? '登录' : '微信一键登录'}
        </Btn>
      </Card>
    </Page>
  )
}
