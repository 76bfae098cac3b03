import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { Btn } from '../../components/Btn'
import { Field } from '../../components/Field'
import { Card, Page, Row } from '../../components/Page'
import { ErrorView, Loading } from '../../components/States'
import { api } from '../../lib/api'
import { ROUTES } from '../../lib/config'
import { ApiError, errorText, isApiError, retryTime } from '../../lib/errors'
import { useFieldForm, useLoader, useMounted, useScope } from '../../lib/hooks'
import { go } from '../../lib/nav'
import { checkVerifyForm, hasErrors, serverFieldErrors } from '../../lib/forms'

type Values = { name: string; idNumber: string; phone: string }

/** 实名认证 (P-ID-2): POST /identity/verify {name, idNumber, phone}. */
export default function Identity() {
  const scope = useScope()
  const mounted = useMounted()
  const me = useLoader((s) => api.me({ scope: s }))
  const { local, field, touchAll, setServerErrors, values } = useFieldForm<Values>({ name: '', idNumber: '', phone: '' }, checkVerifyForm)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const [lock, setLock] = useState<{ until?: string } | null>(null)
  const [verified, setVerified] = useState(false)

  const submit = async () => {
    if (busy || lock) return
    touchAll()
    if (hasErrors(local)) return
    setBusy(true)
    setError(null)
    try {
      await api.verifyIdentity(
        { name: values.name.trim(), idNumber: values.idNumber.trim().toUpperCase(), phone: values.phone.trim() },
        { scope },
      )
      if (!mounted.current) return
      setVerified(true)
    } catch (e) {
      if (!mounted.current || !isApiError(e) || e.isCancelled) return
      if (e.code === 'REAL_NAME_LOCKED') setLock({ until: retryTime(e) })
      if (e.code === 'VALIDATION_FAILED') setServerErrors(serverFieldErrors(e.reasons))
      setError(e)
    } finally {
      if (mounted.current) setBusy(false)
    }
  }

  if (verified) {
    return (
      <Page className='page-identity'>
        <Card className='js-verify-success'>
          <View className='success-title'>实名认证成功</View>
          <View className='muted'>现在可以使用医保码、家庭共济和个人账户缴费。</View>
          <Btn kind='primary' className='js-verify-home' onClick={() => go(ROUTES.home)}>
            返回首页
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
        <Field
          label='手机号'
          {...field('phone')}
          placeholder='11位手机号'
          type='number'
          maxlength={11}
          inputClass='js-verify-phone'
          id='verify-phone'
        />
        {lock ? (
          <View className='error-box js-verify-error js-verify-locked'>
            <Text>{lock.until ? `验证失败次数过多，已暂时锁定。请于 ${lock.until} 后再试。` : errorText(error)}</Text>
          </View>
        ) : error ? (
          <View className='error-box js-verify-error'>
            <Text>{errorText(error)}</Text>
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
