import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { Btn } from '../../components/Btn'
import { Field } from '../../components/Field'
import { NwText } from '../../components/Nw'
import { Card, Page, Row } from '../../components/Page'
import { ErrorView, Loading } from '../../components/States'
import { api } from '../../lib/api'
import { isWeapp, ROUTES } from '../../lib/config'
import { ApiError, errorText, isApiError, retryTime } from '../../lib/errors'
import { useFieldForm, useLoader, useMounted, useScope } from '../../lib/hooks'
import { go } from '../../lib/nav'
import { checkVerifyForm, hasErrors, serverFieldErrors } from '../../lib/forms'
import { KEYS, readItem, removeItem } from '../../lib/storage'
import { askToNotify } from '../../lib/subscribe'
import type { PhoneProof } from '../../lib/types'
import { attemptsWarning, IN_USE_NEXT_STEPS } from './hints'

type Values = { name: string; idNumber: string; phone: string }

/**
 * 实名认证 (P-ID-2): POST /identity/verify {name, idNumber, phone | phoneProof}. In WeChat the
 * phone comes first from the 微信手机号 button (getPhoneNumber → POST /identity/phone → a proof
 * the BFF takes instead of the typed number); typing it stays possible (API.md WeChat, Phone).
 */
export default function Identity() {
  const scope = useScope()
  const mounted = useMounted()
  const me = useLoader((s) => api.me({ scope: s }))
  const [proof, setProof] = useState<PhoneProof | null>(null)
  // outside WeChat there is no phone button: typing it is the only way
  const [typing, setTyping] = useState(!isWeapp())
  const usingProof = !typing && proof !== null
  const { local, field, touchAll, setServerErrors, values } = useFieldForm<Values>({ name: '', idNumber: '', phone: '' }, (v) => {
    const errors = checkVerifyForm(v)
    if (!typing) delete errors.phone
    return errors
  })
  const [busy, setBusy] = useState(false)
  const [phoneBusy, setPhoneBusy] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const [phoneError, setPhoneError] = useState<string | null>(null)
  const [lock, setLock] = useState<{ until?: string } | null>(null)
  const [verified, setVerified] = useState(false)

  /** The 微信手机号 button's answer: a one-time code, exchanged by the BFF with WeChat. */
  const onPhone = async (e: { detail: { code?: string; errMsg?: string } }) => {
    const code = e.detail?.code
    if (!code) {
      setPhoneError('未获取到微信手机号，可改为手动填写')
      return
    }
    setPhoneBusy(true)
    setPhoneError(null)
    try {
      const got = await api.phone(code, { scope })
      if (mounted.current) setProof(got)
    } catch (err) {
      if (!mounted.current || !isApiError(err) || err.isCancelled) return
      setPhoneError(errorText(err))
    } finally {
      if (mounted.current) setPhoneBusy(false)
    }
  }

  const submit = async () => {
    if (busy || lock) return
    touchAll()
    if (hasErrors(local)) return
    if (!typing && !proof) {
      setPhoneError('请先点击“使用微信手机号”，或改为手动填写')
      return
    }
    // the tap that finishes 实名认证 is the moment to ask for family invitations (a WeChat rule: asked from a tap)
    void askToNotify(['INVITATION'])
    setBusy(true)
    setError(null)
    const who = { name: values.name.trim(), idNumber: values.idNumber.trim().toUpperCase() }
    try {
      await api.verifyIdentity(usingProof ? { ...who, phoneProof: proof!.phoneProof } : { ...who, phone: values.phone.trim() }, { scope })
      if (!mounted.current) return
      setVerified(true)
    } catch (e) {
      if (!mounted.current || !isApiError(e) || e.isCancelled) return
      if (e.code === 'REAL_NAME_LOCKED') setLock({ until: retryTime(e) })
      if (e.code === 'VALIDATION_FAILED') setServerErrors(serverFieldErrors(e.reasons))
      // a proof works once: whatever the answer, the next try needs a new one
      if (usingProof) setProof(null)
      setError(e)
    } finally {
      if (mounted.current) setBusy(false)
    }
  }

  /** Back where a shared invitation sent the user before 实名认证, or home. */
  const next = () => {
    const back = readItem<string>(KEYS.returnTo)
    if (typeof back === 'string' && back.startsWith(ROUTES.consent)) {
      removeItem(KEYS.returnTo)
      go(back)
      return
    }
    go(ROUTES.home)
  }

  if (verified) {
    return (
      <Page className='page-identity'>
        <Card className='js-verify-success'>
          <View className='success-title'>实名认证成功</View>
          <View className='muted'>现在可以使用医保码、家庭共济和个人账户缴费。</View>
          <Btn kind='primary' className='js-verify-home' onClick={next}>
            {typeof readItem<string>(KEYS.returnTo) === 'string' ? '返回查看家人邀请' : '返回首页'}
          </Btn>
        </Card>
      </Page>
    )
  }

  if (me.status === 'loading') return <Page className='page-identity'><Loading /></Page>
  if (me.status === 'error' && !me.data) {
    return <Page className='page-identity'><ErrorView error={me.error} onRetry={() => void me.reload()} /></Page>
  }
  if (me.data?.verified) {
    const p = me.data.person
    return (
      <Page className='page-identity'>
        <Card className='js-verify-done' title='已完成实名认证'>
          {p ? (
            <View>
              <Row label='姓名' value={p.maskedName} />
              <Row label='身份证号' value={p.maskedIdNumber} />
              <Row label='手机号' value={p.maskedPhone} />
            </View>
          ) : null}
          <Btn className='js-verify-home' onClick={() => go(ROUTES.home)}>
            返回首页
          </Btn>
        </Card>
      </Page>
    )
  }

  return (
    <Page className='page-identity'>
      <Card title='实名认证'>
        <View className='muted'>请填写与医保登记一致的姓名、身份证号和手机号（三项需全部一致）。</View>
        <Field
          label='姓名'
          {...field('name')}
          placeholder='请输入姓名'
          maxlength={30}
          inputClass='js-verify-name'
          id='verify-name'
        />
        <Field
          label='身份证号'
          {...field('idNumber')}
          placeholder='18位身份证号'
          type='idcard'
          maxlength={18}
          inputClass='js-verify-id'
          id='verify-id'
        />
        {typing ? (
          <View>
            <Field
              label='手机号'
              {...field('phone')}
              placeholder='11位手机号'
              type='number'
              maxlength={11}
              inputClass='js-verify-phone'
              id='verify-phone'
            />
            {isWeapp() ? (
              <Btn kind='link' className='js-phone-wechat-again' onClick={() => setTyping(false)}>
                改用微信手机号
              </Btn>
            ) : null}
          </View>
        ) : (
          <View className='js-phone-wechat'>
            {proof ? (
              <Row label='手机号' value={`${proof.maskedPhone}（微信手机号）`} />
            ) : (
              <Btn
                kind='primary'
                className='js-phone-button'
                openType='getPhoneNumber'
                loading={phoneBusy}
                onGetPhoneNumber={(e) => void onPhone(e)}
              >
                使用微信手机号
              </Btn>
            )}
            {phoneError ? (
              <View className='error-box js-phone-error'>
                <Text>{phoneError}</Text>
              </View>
            ) : null}
            <Btn kind='link' className='js-phone-type' onClick={() => { setTyping(true); setPhoneError(null) }}>
              手动填写手机号
            </Btn>
          </View>
        )}
        {lock ? (
          <View className='error-box js-verify-error js-verify-locked'>
            <Text>{lock.until ? `验证失败次数过多，已暂时锁定。请于 ${lock.until} 后再试。` : errorText(error)}</Text>
          </View>
        ) : error ? (
          <View className='error-box js-verify-error'>
            <Text>{errorText(error)}</Text>
            {error.code === 'REAL_NAME_MISMATCH' && attemptsWarning(error.remainingAttempts) ? (
              <View className='strong js-verify-attempts'>
                <NwText text={attemptsWarning(error.remainingAttempts)!} />
              </View>
            ) : null}
            {error.code === 'IDENTITY_IN_USE' ? (
              <View className='js-verify-in-use-steps'>
                {IN_USE_NEXT_STEPS.map((t) => (
                  <View key={t} className='reason'>
                    {t}
                  </View>
                ))}
              </View>
            ) : null}
          </View>
        ) : null}
        <Btn
          kind='primary'
          id='verify-submit'
          className='js-verify-submit'
          loading={busy}
          disabled={!!lock}
          onClick={() => void submit()}
        >
          {busy ? '认证中…' : '提交认证'}
        </Btn>
        <Text className='hint'>您的信息仅用于医保身份核验，页面只显示脱敏后的号码。</Text>
      </Card>
    </Page>
  )
}
