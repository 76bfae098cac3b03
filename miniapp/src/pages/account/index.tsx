import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { Btn } from '../../components/Btn'
import { Card, Page, Row } from '../../components/Page'
import { NwText } from '../../components/Nw'
import { ErrorText, Pending } from '../../components/States'
import { api } from '../../lib/api'
import { ROUTES } from '../../lib/config'
import { isApiError } from '../../lib/errors'
import { dateTime } from '../../lib/format'
import { useLoader } from '../../lib/hooks'
import { go } from '../../lib/nav'
import { clearTokens } from '../../lib/session'
import type { AccountExport } from '../../lib/types'

/** What closing the account does, said before the citizen confirms (API.md "Your data"). */
export const CLOSING_EFFECTS = [
  '您与家人之间的家庭共济绑定全部解除，对方会看到绑定已结束',
  '您的实名信息与本账号解除关联，以后可在其他微信账号上重新实名',
  '缴费、门诊结算和账户明细等资金记录依法保留，仍属于您本人',
  '本账号立即退出登录，注销后无法恢复',
]

function Summary({ data }: { data: AccountExport }) {
  const lastSignIn = data.signIns[0]?.at
  return (
    <View className='js-export-summary'>
      <Row label='实名信息' value={data.identity ? `${data.identity.maskedName} ${data.identity.maskedIdNumber}` : '未实名'} />
      <Row label='家庭绑定' value={<Text className='js-export-bindings'>{`${data.family.bindings.length} 条`}</Text>} />
      <Row label='缴费订单' value={<Text className='js-export-orders'>{`${data.orders.length} 笔`}</Text>} />
      <Row label='门诊结算' value={`${data.settlements.length} 笔`} />
      <Row label='账户明细' value={`${data.ledger.length} 条`} />
      <Row label='就诊登记' value={`${data.checkIns.length} 次`} />
      <Row label='登录记录' value={lastSignIn ? <NwText text={`${data.signIns.length} 次，最近 ${dateTime(lastSignIn)}`} /> : '无'} />
    </View>
  )
}

/**
 * 我的数据与注销 (PIPL arts. 45 and 47): a copy of everything held about me (GET /me/export),
 * shown and copyable; closing the account (DELETE /me) behind two steps that say what happens.
 */
export default function Account() {
  const exported = useLoader((s) => api.exportMe({ scope: s }))
  const [showAll, setShowAll] = useState(false)
  // closing: 'idle' → 'confirm' (the second step) → 'closing'
  const [step, setStep] = useState<'idle' | 'confirm' | 'closing'>('idle')
  const [closeError, setCloseError] = useState<unknown>(null)

  const copy = (data: AccountExport) => {
    void Taro.setClipboardData({ data: JSON.stringify(data, null, 2) }).then(() => Taro.showToast({ title: '已复制', icon: 'success' }))
  }

  const close = async () => {
    setStep('closing')
    setCloseError(null)
    try {
      await api.closeAccount()
      clearTokens()
      void Taro.showToast({ title: '账号已注销', icon: 'success' })
      void Taro.reLaunch({ url: ROUTES.home })
    } catch (e) {
      setCloseError(e)
      setStep('idle')
    }
  }

  const open = isApiError(closeError) && closeError.code === 'OPEN_OBLIGATIONS' ? closeError.open : undefined

  return (
    <Page className='page-account'>
      <Card title='我的数据' className='js-export-card'>
        <View className='muted'>这是本服务保存的关于您的全部信息，身份证号和手机号只显示部分。</View>
        {exported.data ? (
          <View>
            <Summary data={exported.data} />
            <Btn kind='primary' className='js-export-copy' onClick={() => copy(exported.data!)}>
              复制全部数据
            </Btn>
            <Btn className='js-export-toggle' onClick={() => setShowAll((v) => !v)}>
              {showAll ? '收起' : '查看全部内容'}
            </Btn>
            {showAll ? <Text className='export-json js-export-json' userSelect>{JSON.stringify(exported.data, null, 2)}</Text> : null}
          </View>
        ) : (
          <Pending loaded={exported} />
        )}
      </Card>

      <Card title='注销账号' className='js-close-card'>
        <View className='muted'>注销后：</View>
        {CLOSING_EFFECTS.map((t) => (
          <View key={t} className='close-effect js-close-effect'>
            {`· ${t}`}
          </View>
        ))}
        {open ? (
          <View className='error-box js-close-open'>
            <Text className='error-box-text'>您还有未完成的事项，处理完毕后才能注销：</Text>
            {open.orders.length > 0 ? (
              <View className='reason js-close-open-orders'>
                {`待支付的订单 ${open.orders.length} 笔`}
                <Btn small className='js-close-go-orders' onClick={() => go(ROUTES.orders)}>
                  查看订单
                </Btn>
              </View>
            ) : null}
            {open.settlements.length > 0 ? (
              <View className='reason js-close-open-settlements'>{`仍可退费的门诊结算 ${open.settlements.length} 笔（结算 24 小时后不再退费，届时即可注销）`}</View>
            ) : null}
          </View>
        ) : (
          <ErrorText error={closeError} className='js-close-error' />
        )}
        {step === 'idle' ? (
          <Btn kind='danger' className='js-close-start' onClick={() => setStep('confirm')}>
            注销账号
          </Btn>
        ) : (
          <View className='confirm-box js-close-confirm'>
            <View className='strong'>确定要注销账号吗？此操作无法撤销。</View>
            <Btn kind='danger' className='js-close-confirm-yes' loading={step === 'closing'} onClick={() => void close()}>
              {step === 'closing' ? '正在注销…' : '确认注销'}
            </Btn>
            <Btn className='js-close-confirm-no' disabled={step === 'closing'} onClick={() => setStep('idle')}>
              取消
            </Btn>
          </View>
        )}
      </Card>
    </Page>
  )
}
