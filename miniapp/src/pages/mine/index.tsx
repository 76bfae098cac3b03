import { Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { Btn } from '../../components/Btn'
import { LinkItem } from '../../components/Choice'
import { Card, Page, Row } from '../../components/Page'
import { Pending } from '../../components/States'
import { Toggle } from '../../components/Toggle'
import { api } from '../../lib/api'
import { openSignIn, signOut, usesSandboxLogin } from '../../lib/auth'
import { ROUTES } from '../../lib/config'
import { setElder, useElder } from '../../lib/elder'
import { useLoader, useReshow } from '../../lib/hooks'
import { go } from '../../lib/nav'
import { isSignedIn, onSessionChange } from '../../lib/session'
import type { Me } from '../../lib/types'

// Resolved by webpack when it builds: a build without SANDBOX_LOGIN holds no test account switch (#14 finding 9).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sandboxOnly: typeof import('../../components/SandboxOnly') | null = __SANDBOX_LOGIN__ ? require('../../components/SandboxOnly') : null

/** 我的: account, 大字版 switch, links, sign out. */
export default function Mine() {
  const elder = useElder()
  const [signedIn, setSignedIn] = useState(isSignedIn)
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
  const me = useLoader<Me | null>((s) => (signedIn ? api.me({ scope: s }) : Promise.resolve(null)), [signedIn, epoch])
  useReshow(() => {
    if (isSignedIn()) void me.reload(true)
  })

  return (
    <Page className='page-mine'>
      <Card title='显示设置' className='js-elder-card'>
        <Toggle
          className='js-elder-switch'
          id='elder-switch'
          label='大字版'
          hint='放大文字和按钮，方便老年人使用'
          on={elder}
          onChange={setElder}
        />
      </Card>

      <Card title='账号'>
        {!signedIn ? (
          <View>
            <View className='muted js-mine-signin-state'>未登录</View>
            <Btn kind='primary' className='js-mine-login' onClick={openSignIn}>
              登录
            </Btn>
          </View>
        ) : me.data ? (
          <View>
            <Row label='实名状态' value={<Text className='js-mine-realname-state'>{me.data.verified ? '已实名' : '未实名'}</Text>} />
            {me.data.person ? (
              <>
                <Row label='姓名' value={me.data.person.maskedName} />
                <Row label='身份证号' value={me.data.person.maskedIdNumber} />
                <Row label='手机号' value={me.data.person.maskedPhone} />
              </>
            ) : null}
          </View>
        ) : (
          <Pending loaded={me} />
        )}
      </Card>

      <Card title='服务'>
        <LinkItem className='link js-mine-identity' onOpen={() => go(ROUTES.identity)}>
          实名认证
        </LinkItem>
        <LinkItem className='link js-mine-orders' onOpen={() => go(ROUTES.orders)}>
          我的订单
        </LinkItem>
        <LinkItem className='link js-mine-pay' onOpen={() => go(ROUTES.pay)}>
          医保缴费
        </LinkItem>
        <LinkItem className='link js-mine-statement' onOpen={() => go(ROUTES.statement)}>账户明细</LinkItem>
        <LinkItem className='link js-mine-settlements' onOpen={() => go(ROUTES.settlements)}>就诊结算记录</LinkItem>
        <LinkItem className='link js-mine-memberships' onOpen={() => go(ROUTES.memberships)}>我加入的家庭</LinkItem>
        {signedIn ? (
          <LinkItem className='link js-mine-account' onOpen={() => go(ROUTES.account)}>
            我的数据与注销
          </LinkItem>
        ) : null}
        {sandboxOnly && usesSandboxLogin() ? <sandboxOnly.SwitchAccountLink /> : null}
      </Card>

      {signedIn ? (
        <Btn kind='danger' className='js-logout' onClick={signOut}>
          退出登录
        </Btn>
      ) : null}
    </Page>
  )
}
