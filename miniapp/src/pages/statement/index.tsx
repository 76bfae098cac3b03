import { Text, View } from '@tarojs/components'
import { useReachBottom } from '@tarojs/taro'
import { useRef, useState } from 'react'
import { Btn } from '../../components/Btn'
import { Card, Page } from '../../components/Page'
import { Empty, ErrorText, Pending } from '../../components/States'
import { api } from '../../lib/api'
import { ROUTES } from '../../lib/config'
import { dateTime, money } from '../../lib/format'
import { useLoader, useScope } from '../../lib/hooks'
import { go } from '../../lib/nav'
import { BUCKET_LABELS, ledgerDetail, ledgerTitle, signedMoney } from '../../lib/statement'
import type { LedgerEntry } from '../../lib/types'
import { Nw, NwText } from '../../components/Nw'

export const PAGE_SIZE = 20

/**
 * 账户明细: GET /account/ledger (API.md P-SET-7), newest first; more entries load at the bottom
 * of the page (endless scroll, and a 加载更多 button) with `before = nextBefore` (keyset paging,
 * no gap or repeat). Each entry says what it was for, the bucket and a signed amount.
 */
export default function Statement() {
  const scope = useScope()
  const first = useLoader((s) => api.ledger({ limit: PAGE_SIZE }, { scope: s }))
  const me = useLoader((s) => api.me({ scope: s }))
  // best effort: the gender of the family members a FAMILY_SETTLEMENT paid for (儿子, not 子女)
  const family = useLoader((s) => api.familyMembers({ scope: s }).catch(() => null))
  // pages after the first: appended in order
  const [more, setMore] = useState<{ entries: LedgerEntry[]; nextBefore?: string } | null>(null)
  const [loadingMore, setLoadingMore] = useState(false)
  const [moreError, setMoreError] = useState<unknown>(null)
  const busy = useRef(false)

  const entries = [...(first.data?.entries ?? []), ...(more?.entries ?? [])]
  const nextBefore = more ? more.nextBefore : first.data?.nextBefore

  const loadMore = async () => {
    if (busy.current || !nextBefore) return
    busy.current = true
    setLoadingMore(true)
    setMoreError(null)
    try {
      const page = await api.ledger({ limit: PAGE_SIZE, before: nextBefore }, { scope })
      setMore((m) => ({ entries: [...(m?.entries ?? []), ...page.entries], nextBefore: page.nextBefore }))
    } catch (e) {
      if (!scope.cancelled) setMoreError(e)
    } finally {
      busy.current = false
      if (!scope.cancelled) setLoadingMore(false)
    }
  }

  useReachBottom(() => {
    if (!moreError) void loadMore()
  })

  const account = me.data?.person?.insurance.account

  // the names wait for the family list too, so that a title never changes under the reader's eyes
  if (!first.data || family.status === 'loading') {
    return (
      <Page className='page-statement'>
        <Pending
          loaded={first.data ? family : first}
          onRetry={() => {
            setMore(null)
            void first.reload()
          }}
        />
      </Page>
    )
  }

  return (
    <Page className='page-statement'>
      {account ? (
        <Card className='js-statement-balances'>
          <View className='balances'>
            <View className='balance'>
              <Text className='balance-label'>历年结余</Text>
              <Nw className='balance-value js-statement-historical'>{money(account.historicalFen)}</Nw>
            </View>
            <View className='balance'>
              <Text className='balance-label'>当年</Text>
              <Nw className='balance-value js-statement-current'>{money(account.currentFen)}</Nw>
            </View>
          </View>
        </Card>
      ) : null}

      {entries.length === 0 ? (
        <Empty text='还没有账户收支记录'>
          <View className='muted'>用个人账户缴费、就医结算或为家人共济支付后，会在这里显示。</View>
          <Btn className='js-statement-home' onClick={() => go(ROUTES.home)}>
            返回首页
          </Btn>
        </Empty>
      ) : (
        <Card className='js-ledger'>
          {entries.map((e) => (
            <View key={e.entryId} id={`entry-${e.entryId}`} className={`ledger-item js-entry js-entry-${e.kind}`}>
              <View className='ledger-main'>
                <View className='strong js-entry-title'>
                  <NwText text={ledgerTitle(e, family.data)} />
                </View>
                {ledgerDetail(e) ? (
                  <View className='muted js-entry-detail'>
                    <NwText text={ledgerDetail(e, family.data)} />
                  </View>
                ) : null}
                <View className='muted'>
                  <NwText className='js-entry-time' text={dateTime(e.at)} />
                  <Text className='tag js-entry-bucket'>{BUCKET_LABELS[e.bucket] ?? e.bucket}</Text>
                </View>
              </View>
              <Nw className={`ledger-amount ${e.amountFen < 0 ? 'is-out' : 'is-in'} js-entry-amount`}>{signedMoney(e.amountFen)}</Nw>
            </View>
          ))}
        </Card>
      )}

      {moreError ? (
        <View className='js-more-error'>
          <ErrorText error={moreError} className='js-more-error-text' />
          <Btn className='js-more-retry' onClick={() => void loadMore()}>
            重试
          </Btn>
        </View>
      ) : nextBefore ? (
        <Btn className='js-more' loading={loadingMore} onClick={() => void loadMore()}>
          {loadingMore ? '加载中…' : '加载更多'}
        </Btn>
      ) : entries.length > 0 ? (
        <View className='list-end js-ledger-end'>没有更多记录了</View>
      ) : null}
    </Page>
  )
}
