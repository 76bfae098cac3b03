import { Image, Text, View } from '@tarojs/components'
import { TILE_ICONS, type TileIcon } from '../../assets/tileIcons'
import { type ReactNode, useEffect, useState } from 'react'
import { Btn } from '../../components/Btn'
import { LinkItem } from '../../components/Choice'
import { InvitationBanner } from '../../components/InvitationBanner'
import { MaintenanceBanner } from '../../components/MaintenanceBanner'
import { Card, Page } from '../../components/Page'
import { Pending } from '../../components/States'
import { Toggle } from '../../components/Toggle'
import { Nw, NwText, Place } from '../../components/Nw'
import { api } from '../../lib/api'
import { openSignIn, signInWithWeChat, usesSandboxLogin } from '../../lib/auth'
import { ROUTES } from '../../lib/config'
import { setElder, useElder } from '../../lib/elder'
import { errorText } from '../../lib/errors'
import { dateTime, money } from '../../lib/format'
import { useLoader, useReshow, useScope } from '../../lib/hooks'
import { go } from '../../lib/nav'
import { isSignedIn, onSessionChange } from '../../lib/session'
import { SCHEME_LABELS, STATUS_LABELS } from '../../lib/shared'
import { ledgerTitle, memberText, signedMoney } from '../../lib/statement'
import type { LedgerEntry, Me } from '../../lib/types'

/** The service tiles (#14 conventions): 医保码 first and largest; 实名认证 only until it is done. */
const SHORTCUTS: { key: TileIcon; text: string; url: string }[] = [
  { key: 'family', text: '家庭共济', url: ROUTES.family },
  { key: 'pay', text: '医保缴费', url: ROUTES.pay },
  { key: 'orders', text: '我的订单', url: ROUTES.orders },
  { key: 'settlements', text: '就诊结算', url: ROUTES.settlements },
  { key: 'statement', text: '账户明细', url: ROUTES.statement },
  { key: 'identity', text: '实名认证', url: ROUTES.identity },
]

export default function Home() {
  const scope = useScope()
  const [signedIn, setSignedIn] = useState(isSignedIn)
  const [loginError, setLoginError] = useState<unknown>(null)
  // bumped on every sign-in (also a switch to another account): reload
  const [epoch, setEpoch] = useState(0)
  useEffect(
    () =>
      onSessionChange((on) => {
        setSignedIn(on)
        setEpoch((e) => e + 1)
      }),
    [],
  )

  // WeChat (not sandbox): sign in silently with Taro.login().
  useEffect(() => {
    if (!signedIn && !usesSandboxLogin()) {
      signInWithWeChat({ scope }).catch((e) => setLoginError(e))
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  const notices = useLoader((s) => api.notices({ scope: s }))
  const me = useLoader<Me | null>((s) => (signedIn ? api.me({ scope: s }) : Promise.resolve(null)), [signedIn, epoch])
  useReshow(() => {
    void notices.reload(true)
    if (isSignedIn()) void me.reload(true)
  })

  // #14 conventions: 医保码 first and largest, right under the greeting
  const services = (
    <Card title='常用服务' className='shortcuts'>
      <LinkItem className='tile-qrcode js-shortcut-qrcode' onOpen={() => go(ROUTES.qrcode)}>
        <Image className='tile-qrcode-icon' src={TILE_ICONS.qrcode} mode='aspectFit' aria-hidden='true' />
        <View className='tile-qrcode-text'>
          <Text className='tile-qrcode-title'>医保码</Text>
          <Text className='tile-qrcode-hint'>就医、购药时出示，扫码签到结算</Text>
        </View>
      </LinkItem>
      <View className='grid'>
        {SHORTCUTS.filter((s) => s.key !== 'identity' || !me.data?.verified).map((s) => (
          <LinkItem key={s.key} className={`grid-item js-shortcut-${s.key}`} onOpen={() => go(s.url)}>
            <Image className='grid-icon' src={TILE_ICONS[s.key]} mode='aspectFit' aria-hidden='true' />
            <Text>{s.text}</Text>
          </LinkItem>
        ))}
      </View>
    </Card>
  )

  return (
    <Page className='page-home'>
      <MaintenanceBanner notices={notices.data} />
      {notices.status === 'error' ? (
        <View className='hint js-notices-error'>系统公告暂时无法显示，不影响办理业务。</View>
      ) : null}

      <ElderSwitch />
      {signedIn && me.data?.verified ? <InvitationBanner key={epoch} signedIn /> : null}

      {!signedIn ? (
        <>
          <Card className='js-signin-card' title='欢迎使用医保服务'>
            <View className='muted js-signin-state'>未登录</View>
            {loginError ? <View className='error-box js-login-error'>{errorText(loginError)}</View> : null}
            <Btn kind='primary' className='js-home-login' onClick={openSignIn}>
              登录
            </Btn>
          </Card>
          {services}
        </>
      ) : me.data ? (
        <MeCard me={me.data} services={services} />
      ) : (
        <>
          <Pending loaded={me} />
          {services}
        </>
      )}
    </Page>
  )
}

function MeCard({ me, services }: { me: Me; services: ReactNode }) {
  const p = me.person
  return (
    <>
      <Card className='js-me-card'>
        <View className='me-head'>
          <View className='me-title js-signin-state' role='heading' aria-level={2}>
            您好{p ? <>，<Text className='js-person-name'>{p.maskedName}</Text></> : null}
          </View>
          <Text className={`tag ${me.verified ? 'tag-ok' : 'tag-warn'} js-realname-state`}>{me.verified ? '已实名' : '未实名'}</Text>
        </View>
        {!me.verified ? (
          <View>
            <View className='muted'>完成实名认证后，才能查看参保信息、使用医保码、家庭共济和个人账户缴费。</View>
            <Btn kind='primary' className='js-home-verify' onClick={() => go(ROUTES.identity)}>
              去实名认证
            </Btn>
          </View>
        ) : p ? (
          // #14 conventions: who and how insured in two lines, so that 医保码 stays on the first screen
          <View className='me-brief'>
            <Text className='me-id js-person-id'>{p.maskedIdNumber}</Text>
            <View className='me-insurance'>
              <Text className='js-insurance-scheme'>{SCHEME_LABELS[p.insurance.scheme] ?? p.insurance.scheme}</Text>
              <Text className={`tag ${p.insurance.status === 'ACTIVE' ? 'tag-ok' : 'tag-warn'} js-insurance-status`}>{STATUS_LABELS[p.insurance.status] ?? p.insurance.status}</Text>
              <Text className='me-region'>
                参保地 <Place className='js-insurance-region' region={p.insurance.region} />
              </Text>
            </View>
          </View>
        ) : null}
      </Card>
      {services}
      {me.verified && p ? (
        <Card title='个人账户' className='js-account-card'>
          {p.insurance.account ? (
            <>
            <LinkItem className='balances js-home-balances' onOpen={() => go(ROUTES.statement)}>
              <View className='balance'>
                <Text className='balance-label'>历年结余</Text>
                <Nw className='balance-value js-balance-historical'>{money(p.insurance.account.historicalFen)}</Nw>
              </View>
              <View className='balance'>
                <Text className='balance-label'>当年</Text>
                <Nw className='balance-value js-balance-current'>{money(p.insurance.account.currentFen)}</Nw>
              </View>
            </LinkItem>
            <LatestMovements />
            <LinkItem className='link js-home-statement' onOpen={() => go(ROUTES.statement)}>
              账户明细
            </LinkItem>
            </>
          ) : (
            <View className='muted js-no-account'>暂无个人账户（仅职工医保参保人有个人账户）</View>
          )}
        </Card>
      ) : null}
    </>
  )
}

/** Where the home page looks for the latest 共济 payment: the newest ledger entries. */
export const LATEST_LOOKUP_LIMIT = 50

/**
 * The latest movement of my account and the latest 共济 payment from it (GET /account/ledger,
 * P-SET-7; #14 conventions), each in one line that opens 账户明细; a refund of the 共济 payment
 * (a later REFUND entry of the same settlement) is said. Best effort: a failed load shows nothing.
 */
function LatestMovements() {
  const ledger = useLoader((s) => api.ledger({ limit: LATEST_LOOKUP_LIMIT }, { scope: s }))
  useReshow(() => void ledger.reload(true))
  const entries: LedgerEntry[] = ledger.data?.entries ?? []
  const latest = entries[0]
  const i = entries.findIndex((e) => e.kind === 'FAMILY_SETTLEMENT')
  const e = i >= 0 ? entries[i] : undefined
  const refunded = !!e && entries.slice(0, i).some((r) => r.kind === 'REFUND' && r.settlementId === e.settlementId && r.bucket === e.bucket)
  return (
    <>
      {latest && latest !== e ? (
        <LinkItem className='family-line js-home-latest-movement' onOpen={() => go(ROUTES.statement)}>
          <NwText text={`最近变动：${dateTime(latest.at)} ${ledgerTitle(latest)} ${signedMoney(latest.amountFen)}`} />
        </LinkItem>
      ) : null}
      {e ? (
        <LinkItem className='family-line js-home-family-payment' onOpen={() => go(ROUTES.statement)}>
          <NwText text={`最近共济支付：${dateTime(e.at)} 为${e.person ? memberText(e.person) : '家人'}${e.hospital ? `在${e.hospital.name}` : ''}支付 ${money(-e.amountFen)}${refunded ? '（已退费）' : ''}`} />
        </LinkItem>
      ) : null}
    </>
  )
}

/** 大字版 on the home page too (#14 conventions): where an elderly user starts. */
function ElderSwitch() {
  const elder = useElder()
  return (
    <Card className='elder-card js-home-elder-card'>
      <Toggle className='js-home-elder-switch' id='home-elder-switch' label='大字版（放大文字和按钮）' on={elder} onChange={setElder} />
    </Card>
  )
}
