import { Text, View } from '@tarojs/components'
import { useEffect, useMemo, useRef, useState } from 'react'
import { Btn } from '../../components/Btn'
import { Choice } from '../../components/Choice'
import { cx } from '../../components/cx'
import { MaintenanceBanner } from '../../components/MaintenanceBanner'
import { Card, Page, Row } from '../../components/Page'
import { Empty, ErrorText, ErrorView, Loading, ReasonList } from '../../components/States'
import { api } from '../../lib/api'
import { serverNow } from '../../lib/clock'
import { ApiError, errorText, isApiError, isCancelled, reasonText } from '../../lib/errors'
import { dateOnly, dateTime, money } from '../../lib/format'
import { useLoader, useMounted, useScope } from '../../lib/hooks'
import { PRICE_CATEGORY_LABELS, suspension } from '../../lib/shared'
import type { Eligibility, Notices, Order, PayMethod, Product } from '../../lib/types'
import { allReasons, Candidate, candidates, insuredEntry, isOpen, KIND_LABELS, needsSelfPay } from './model'
import { OrderResult } from './OrderResult'
import { Nw, NwText } from '../../components/Nw'
import { OrderSubmitter, outcomeUnknown } from './submitter'

interface Check {
  key: string
  status: 'loading' | 'ok' | 'error'
  data?: Eligibility
  error?: unknown
}

/** 缴费 (P-PAY): product → people → eligibility → confirm → result. */
export default function Pay() {
  const scope = useScope()
  const mounted = useMounted()
  const products = useLoader((s) => api.products({ scope: s }))
  const people = useLoader(async (s) => {
    const me = await api.me({ scope: s })
    if (!me.verified) return { me, list: [] as Candidate[] }
    const family = await api.familyMembers({ scope: s }).catch((e) => {
      if (isCancelled(e)) throw e
      return null // no network yet: self only
    })
    return { me, list: candidates(me, family) }
  })

  // P-OPS-1: during maintenance payment is refused; say so before anyone taps.
  const notices = useLoader((s) => api.notices({ scope: s }))
  const [productId, setProductId] = useState<string | null>(null)
  const [selected, setSelected] = useState<string[]>([])
  const [preview, setPreview] = useState<Check | null>(null)
  const [decision, setDecision] = useState<Check | null>(null)
  const [sending, setSending] = useState<PayMethod | null>(null)
  const [orderError, setOrderError] = useState<unknown>(null)
  const [result, setResult] = useState<Order | null>(null)
  /** bumped after an order: everything is checked again (e.g. now ALREADY_ENROLLED) */
  const [round, setRound] = useState(0)
  const submitter = useRef<OrderSubmitter>()
  if (!submitter.current) submitter.current = new OrderSubmitter()

  const now = serverNow()
  const list: Product[] = products.data ?? []
  const open = list.filter((p) => isOpen(p, now))
  const others = list.filter((p) => !isOpen(p, now))
  const cands = people.data?.list ?? []
  const product = list.find((p) => p.productId === productId)

  // Defaults: the first open product, and oneself.
  useEffect(() => {
    if (!productId && open.length > 0) setProductId(open[0].productId)
  }, [productId, open.length]) // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    const self = cands.find((c) => c.self)
    if (self && selected.length === 0) setSelected([self.personId])
  }, [people.data]) // eslint-disable-line react-hooks/exhaustive-deps

  const ordered = useMemo(() => cands.map((c) => c.personId).filter((id) => selected.includes(id)), [cands, selected])
  const allIds = useMemo(() => cands.map((c) => c.personId), [cands])

  // POST /eligibility for everyone (per-person preview) and for the chosen set (the decision).
  useEligibility(productId, allIds, round, setPreview, scope)
  useEligibility(productId, ordered, round, setDecision, scope)

  const decisionKey = productId ? JSON.stringify([productId, ordered, round]) : ''
  const current = decision && decision.key === decisionKey ? decision : null
  const elig = current?.status === 'ok' ? current.data : undefined
  const reasons = allReasons(elig)
  const orderReasons = isApiError(orderError) ? orderError.reasons : []
  const offerSelfPay = needsSelfPay(reasons) || needsSelfPay(orderReasons)
  const retrying = !!orderError && outcomeUnknown(orderError) && !isCancelled(orderError)

  const toggle = (id: string) => {
    setOrderError(null)
    setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]))
  }

  const confirm = async (payMethod: PayMethod) => {
    const sub = submitter.current!
    if (!productId || ordered.length === 0 || sub.busy) return
    setSending(payMethod)
    setOrderError(null)
    try {
      const order = await sub.submit({ productId, insured: ordered, payMethod }, { scope })
      if (mounted.current) setResult(order)
    } catch (e) {
      if (mounted.current && !isCancelled(e)) setOrderError(e)
    } finally {
      if (mounted.current) setSending(null)
    }
  }

  if (result) {
    return (
      <Page className='page-pay'>
        <OrderResult
          order={result}
          people={cands}
          product={product}
          onAgain={() => {
            setResult(null)
            setOrderError(null)
            setRound((r) => r + 1)
          }}
        />
      </Page>
    )
  }

  if (products.status === 'loading' || people.status === 'loading') {
    return (
      <Page className='page-pay'>
        <Loading />
      </Page>
    )
  }
  if (products.status === 'error' || people.status === 'error') {
    return (
      <Page className='page-pay'>
        <ErrorView
          error={products.error ?? people.error}
          onRetry={() => {
            void products.reload()
            void people.reload()
          }}
        />
      </Page>
    )
  }
  if (people.data && !people.data.me.verified) {
    return (
      <Page className='page-pay'>
        <ErrorView error={new ApiError({ status: 403, code: 'REAL_NAME_REQUIRED' })} />
      </Page>
    )
  }

  const payableTotal = elig ? elig.balance.historicalFen + elig.balance.currentFen : 0
  const suspendedUntil = pauseUntil(notices.data, now)
  const canConfirm = !!elig && elig.eligible && !sending && suspendedUntil === null

  return (
    <Page className='page-pay'>
      <MaintenanceBanner notices={notices.data} />
      <Card title='选择产品' className='js-products'>
        {open.length === 0 ? <Empty text='当前没有正在缴费期内的产品' className='js-products-empty' /> : null}
        {open.map((p) => (
          <ProductItem key={p.productId} p={p} selected={p.productId === productId} onPick={setProductId} />
        ))}
        {others.length > 0 ? (
          <View className='others'>
            <View className='muted'>不在缴费期的产品</View>
            {others.map((p) => (
              <ProductItem key={p.productId} p={p} closed selected={p.productId === productId} onPick={setProductId} />
            ))}
          </View>
        ) : null}
      </Card>

      {product ? (
        <Card title='选择参保人' className='js-people'>
          {cands.length === 0 ? <Empty text='没有可选择的参保人' /> : null}
          {cands.map((c) => (
            <PersonRow
              key={c.personId}
              c={c}
              checked={selected.includes(c.personId)}
              onToggle={() => toggle(c.personId)}
              entry={
                (selected.includes(c.personId) ? insuredEntry(elig, c.personId) : undefined) ??
                insuredEntry(preview?.status === 'ok' ? preview.data : undefined, c.personId)
              }
            />
          ))}
          <View className='muted'>只能为已生效且开启“共济缴费”的家庭成员缴费。</View>
        </Card>
      ) : null}

      {product && ordered.length > 0 ? (
        <Card title='费用' className='js-summary'>
          {!current || current.status === 'loading' ? (
            <Loading text='正在核验缴费条件…' />
          ) : current.status === 'error' ? (
            <ErrorText error={current.error} className='js-eligibility-error' />
          ) : elig ? (
            <View>
              <Row label='合计' value={<Nw className='amount js-total'>{money(elig.totalFen)}</Nw>} />
              <Row
                label='个人账户余额'
                value={
                  <NwText
                    className='js-balance'
                    text={`${money(payableTotal)}（历年结余 ${money(elig.balance.historicalFen)}，当年 ${money(elig.balance.currentFen)}）`}
                  />
                }
              />
              {elig.totalFen > payableTotal ? <View className='warn js-balance-short'>个人账户余额不足以支付全部费用</View> : null}
              <ReasonList items={(elig.payer?.reasons ?? []).map(reasonText)} className='js-payer-reason' />
              <View className={cx('verdict', elig.eligible ? 'ok' : 'bad', 'js-eligibility')}>
                {elig.eligible ? '符合缴费条件，可以使用个人账户支付' : '暂不能使用个人账户支付，请查看上方原因'}
              </View>
            </View>
          ) : null}
        </Card>
      ) : null}

      {orderError ? (
        <View className='error-box js-pay-error'>
          <Text>{errorText(orderError)}</Text>
          {retrying ? <View className='js-pay-retry-hint'>网络异常，结果未知。请点击下方按钮重试，重试不会重复扣费。</View> : null}
          <ReasonList items={orderReasons.map(reasonText)} className='js-pay-error-reason' />
        </View>
      ) : null}

      {product && ordered.length > 0 ? (
        <View className='footer-actions'>
          {suspendedUntil !== null ? (
            <View className='warn js-pay-suspended'>
              <NwText text={`系统维护中，暂停缴费${suspendedUntil ? `，预计 ${dateTime(suspendedUntil)} 恢复，届时再来缴费` : '，请稍后再来'}`} />
            </View>
          ) : null}
          <Btn
            kind='primary'
            id='pay-confirm'
            className='js-pay-confirm'
            disabled={!canConfirm}
            loading={sending === 'PERSONAL_ACCOUNT'}
            onClick={() => void confirm('PERSONAL_ACCOUNT')}
          >
            {suspendedUntil !== null
              ? '维护中，暂停缴费'
              : sending === 'PERSONAL_ACCOUNT'
              ? '支付中…'
              : retrying && orderError
                ? '重试支付'
                : `确认使用个人账户支付${elig ? ` ${money(elig.totalFen)}` : ''}`}
          </Btn>
          {offerSelfPay ? (
            <Btn
              id='pay-selfpay'
              className='js-pay-selfpay'
              disabled={!!sending || suspendedUntil !== null}
              loading={sending === 'SELF_PAY'}
              onClick={() => void confirm('SELF_PAY')}
            >
              {sending === 'SELF_PAY' ? '提交中…' : '余额不足，改为自费支付'}
            </Btn>
          ) : null}
        </View>
      ) : null}
    </Page>
  )
}

function useEligibility(
  productId: string | null,
  insured: string[],
  round: number,
  set: (c: Check | null) => void,
  scope: ReturnType<typeof useScope>,
) {
  const key = productId ? JSON.stringify([productId, insured, round]) : ''
  useEffect(() => {
    if (!productId || insured.length === 0) {
      set(null)
      return
    }
    let stale = false
    set({ key, status: 'loading' })
    const t = setTimeout(() => {
      api
        .eligibility({ productId, insured }, { scope })
        .then((data) => !stale && set({ key, status: 'ok', data }))
        .catch((error) => !stale && !isCancelled(error) && set({ key, status: 'error', error }))
    }, 150)
    return () => {
      stale = true
      clearTimeout(t)
    }
  }, [key]) // eslint-disable-line react-hooks/exhaustive-deps
}

function ProductItem({ p, selected, closed, onPick }: { p: Product; selected: boolean; closed?: boolean; onPick: (id: string) => void }) {
  return (
    <Choice
      kind='radio'
      id={`product-${p.productId}`}
      className={cx('option', 'js-product', closed && 'js-product-closed is-closed')}
      checked={selected}
      onPick={() => onPick(p.productId)}
    >
      <View className='option-main'>
        <Text className='strong js-product-name'>{p.name}</Text>
        <Text className='tag'>{KIND_LABELS[p.kind] ?? p.kind}</Text>
      </View>
      <View className='muted'>
        <NwText text={`缴费期：${dateTime(p.opensAt)} 至 ${dateTime(p.closesAt)}`} />
      </View>
    </Choice>
  )
}

function PersonRow({
  c,
  checked,
  onToggle,
  entry,
}: {
  c: Candidate
  checked: boolean
  onToggle: () => void
  entry: ReturnType<typeof insuredEntry>
}) {
  return (
    <View id={`person-${c.personId}`} className={cx('person js-person', checked && 'is-checked', entry && !entry.eligible && 'is-ineligible')}>
      <Choice kind='checkbox' className='person-head' checked={checked} onPick={onToggle}>
        <View className={cx('checkbox js-person-checkbox', checked && 'is-checked')} aria-hidden='true'>
          {checked ? '✓' : ''}
        </View>
        {/* #14 finding 1: 儿子 / 父亲 and the age tell two 王** apart (the ID tail where they still collide) */}
        <Text className='strong js-person-name'>{c.maskedName}</Text>
        <Text className='tag js-person-kin'>{c.relationLabel}</Text>
        {c.ageText ? <Nw className='person-age js-person-age'>{c.ageText}</Nw> : null}
        {c.idTail ? <Nw className='person-age js-person-id-tail'>{c.idTail}</Nw> : null}
        {entry ? (
          <Text className={cx('tag', entry.eligible ? 'tag-ok' : 'tag-bad', 'js-person-eligible')}>{entry.eligible ? '可参保' : '不可参保'}</Text>
        ) : null}
      </Choice>
      {entry ? (
        <View className='person-detail js-person-result'>
          <View className='muted'>
            <Text>价格类别：</Text>
            <Text className='js-person-category'>{entry.category ? (PRICE_CATEGORY_LABELS[entry.category] ?? entry.category) : '—'}</Text>
            <Text>　金额：</Text>
            <Nw className='js-person-amount'>{money(entry.amountFen)}</Nw>
          </View>
          <View className='muted'>
            <Text>保障开始：</Text>
            <Nw className='js-person-cover-from'>{dateOnly(entry.coverFrom)}</Nw>
            <NwText className='js-person-waiting' text={entry.waitingMonths ? `（等待期 ${entry.waitingMonths} 个月）` : entry.waitingMonths === 0 ? '（无等待期）' : ''} />
          </View>
          <ReasonList items={(entry.reasons ?? []).map(reasonText)} className='js-person-reason' />
        </View>
      ) : null}
    </View>
  )
}

/**
 * P-OPS-1: null when payment is open; otherwise when it resumes ('' if unknown). The BFF's
 * `suspended` flag decides; the windows give the resume time.
 */
function pauseUntil(notices: Notices | undefined, now: number): string | null {
  if (!notices?.suspended) return null
  const s = suspension(Array.isArray(notices.maintenance) ? notices.maintenance : [], new Date(now))
  return s.suspended ? s.resumesAt : ''
}
