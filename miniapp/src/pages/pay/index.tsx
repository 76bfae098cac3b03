import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useMemo, useRef, useState } from 'react'
import { Btn } from '../../components/Btn'
import { Choice } from '../../components/Choice'
import { ConfirmSheet } from '../../components/ConfirmSheet'
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
import {
  availability,
  canApply,
  Candidate,
  candidates,
  personLabels,
  coverPeriod,
  insuredEntry,
  isEnrolled,
  isOpen,
  KIND_LABELS,
  needsSelfPay,
  payerNotes,
  selfPayAllowed,
} from './model'
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
    if (!me.verified) return { me, list: [] as Candidate[], labels: new Map<string, string>() }
    const family = await api.familyMembers({ scope: s }).catch((e) => {
      if (isCancelled(e)) throw e
      return null // no network yet: self only
    })
    return { me, list: candidates(me, family), labels: personLabels(me, family) }
  })

  // P-OPS-1: during maintenance payment is refused; say so before anyone taps.
  const notices = useLoader((s) => api.notices({ scope: s }))
  const [productId, setProductId] = useState<string | null>(null)
  const [selected, setSelected] = useState<string[]>([])
  const [previews, setPreviews] = useState<Record<string, Check>>({})
  const [decision, setDecision] = useState<Check | null>(null)
  const [sending, setSending] = useState<PayMethod | null>(null)
  /** #14 finding 3: the confirmation sheet open before money moves */
  const [asking, setAsking] = useState<PayMethod | null>(null)
  const defaulted = useRef<string | null>(null)
  const [orderError, setOrderError] = useState<unknown>(null)
  const [result, setResult] = useState<Order | null>(null)
  /** bumped after an order: everything is checked again (e.g. now ALREADY_ENROLLED) */
  const [round, setRound] = useState(0)
  const submitter = useRef<OrderSubmitter>()
  if (!submitter.current) submitter.current = new OrderSubmitter()

  const now = serverNow()
  const list: Product[] = products.data ?? []
  const cands = people.data?.list ?? []
  const allIds = useMemo(() => cands.map((c) => c.personId), [cands])
  const openNow = list.filter((p) => isOpen(p, now))
  const previewOf = (id: string | null | undefined) => {
    const c = id ? previews[id] : undefined
    return c && c.key === JSON.stringify([id, allIds, round]) && c.status === 'ok' ? c.data : undefined
  }
  // #14 finding 8: an open product nobody of the family can be insured in is not offered as open
  const fits = (p: Product) => availability(previewOf(p.productId)).status !== 'none'
  const open = openNow.filter(fits)
  const closedForUs = openNow.filter((p) => !fits(p))
  const others = list.filter((p) => !isOpen(p, now))
  const product = list.find((p) => p.productId === productId)

  // POST /eligibility for everyone, per open product (and the chosen one): who can be insured
  usePreviews(
    [...openNow.map((p) => p.productId), ...(productId && !openNow.some((p) => p.productId === productId) ? [productId] : [])],
    allIds,
    round,
    setPreviews,
    scope,
  )
  const preview = previewOf(productId)

  // Defaults: the first open product someone can be insured in, then oneself when oneself can be.
  const previewsReady = openNow.every((p) => availability(previewOf(p.productId)).status !== 'unknown')
  useEffect(() => {
    if (productId || !previewsReady || !people.data) return
    const first = openNow.find(fits)
    if (first) setProductId(first.productId)
  }, [productId, previewsReady, people.data]) // eslint-disable-line react-hooks/exhaustive-deps
  // oneself ticked at once (as before), and unticked again when the check says oneself cannot
  // be insured in this product (#14 finding 8: never 本人 ticked for a product that does not apply)
  useEffect(() => {
    const self = cands.find((c) => c.self)
    if (self && selected.length === 0) setSelected([self.personId])
  }, [people.data]) // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (!productId || !preview || defaulted.current === productId) return
    defaulted.current = productId
    const self = cands.find((c) => c.self)
    if (self && !canApply(insuredEntry(preview, self.personId))) setSelected((s) => s.filter((id) => id !== self.personId))
  }, [productId, preview]) // eslint-disable-line react-hooks/exhaustive-deps

  // #14 finding 8: someone already insured is never part of an order or its total
  const ordered = useMemo(
    () => cands.map((c) => c.personId).filter((id) => selected.includes(id) && !isEnrolled(insuredEntry(preview, id))),
    [cands, selected, preview],
  )

  // POST /eligibility for the chosen set (the decision).
  useEligibility(productId, ordered, round, setDecision, scope)

  const decisionKey = productId ? JSON.stringify([productId, ordered, round]) : ''
  const current = decision && decision.key === decisionKey ? decision : null
  const elig = current?.status === 'ok' ? current.data : undefined
  const orderReasons = isApiError(orderError) ? orderError.reasons : []
  const notes = payerNotes(elig)
  const offerSelfPay = selfPayAllowed(elig) || (needsSelfPay(orderReasons) && !!elig && elig.insured.every(canApply))
  const retrying = !!orderError && outcomeUnknown(orderError) && !isCancelled(orderError)
  const labels = people.data?.labels
  const who = (id: string) => labels?.get(id) ?? cands.find((c) => c.personId === id)?.maskedName ?? '家庭成员'
  const productAvailability = availability(preview)

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
      if (mounted.current) {
        setSending(null)
        setAsking(null)
      }
    }
  }

  useEffect(() => {
    if (result) scrollTop()
  }, [result])

  if (result) {
    return (
      <Page className='page-pay'>
        <OrderResult
          order={result}
          who={who}
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
  const showOrder = !!product && ordered.length > 0 && productAvailability.status !== 'none'

  return (
    <Page className='page-pay'>
      <MaintenanceBanner notices={notices.data} />
      <Card title='选择产品' className='js-products'>
        {open.length === 0 ? <Empty text='当前没有正在缴费期内的产品' className='js-products-empty' /> : null}
        {open.map((p) => (
          <ProductItem key={p.productId} p={p} selected={p.productId === productId} onPick={setProductId} />
        ))}
        {closedForUs.length > 0 ? (
          <View className='others js-products-not-for-us'>
            <View className='muted'>您和家人暂不能参保的产品</View>
            {closedForUs.map((p) => (
              <ProductItem key={p.productId} p={p} closed why={(availability(previewOf(p.productId)) as { why?: string }).why} selected={p.productId === productId} onPick={setProductId} />
            ))}
          </View>
        ) : null}
        {others.length > 0 ? (
          <View className='others'>
            <View className='muted'>不在缴费期的产品</View>
            {others.map((p) => (
              <ProductItem key={p.productId} p={p} closed selected={p.productId === productId} onPick={setProductId} />
            ))}
          </View>
        ) : null}
      </Card>

      {product ? <ProductInfo p={product} /> : null}

      {product && productAvailability.status === 'none' ? (
        <View className='warn js-product-why'>{productAvailability.why}</View>
      ) : null}

      {product ? (
        <Card title='选择参保人' className='js-people'>
          {cands.length === 0 ? <Empty text='没有可选择的参保人' /> : null}
          {cands.map((c) => (
            <PersonRow
              key={c.personId}
              c={c}
              checked={selected.includes(c.personId)}
              onToggle={() => toggle(c.personId)}
              entry={(ordered.includes(c.personId) ? insuredEntry(elig, c.personId) : undefined) ?? insuredEntry(preview, c.personId)}
            />
          ))}
          <View className='muted'>只能为已生效且开启“共济缴费”的家庭成员缴费。</View>
        </Card>
      ) : null}

      {showOrder ? (
        <Card title='费用' className='js-summary'>
          {!current || current.status === 'loading' ? (
            <Loading text='正在核验缴费条件…' />
          ) : current.status === 'error' ? (
            <ErrorText error={current.error} className='js-eligibility-error' />
          ) : elig ? (
            <View>
              <Row label='合计' value={<Nw className='amount js-total'>{money(elig.totalFen)}</Nw>} />
              {notes.noAccount ? (
                <View className='warn js-payer-no-account'>
                  个人账户支付需要职工医保个人账户，您目前没有。{offerSelfPay ? '可以选择自费支付。' : ''}
                </View>
              ) : (
                <Row
                  label='个人账户余额'
                  value={
                    <Text className='js-balance'>
                      <Nw>{money(payableTotal)}</Nw>
                      {'（'}
                      <Nw>{`历年 ${money(elig.balance.historicalFen)}`}</Nw>
                      {'，'}
                      <Nw>{`当年 ${money(elig.balance.currentFen)}`}</Nw>
                      {'）'}
                    </Text>
                  }
                />
              )}
              {notes.short ? (
                <View className='warn js-balance-short'>
                  <View>
                    {'个人账户余额不足，还差 '}
                    <Nw className='js-balance-short-by'>{money(elig.shortFen ?? Math.max(0, elig.totalFen - payableTotal))}</Nw>
                    {'。'}
                  </View>
                  {elig.payable && elig.payable.insured.length < ordered.length ? (
                    <View className='js-balance-fit'>
                      <NwText text={`个人账户可以支付：${elig.payable.insured.map(who).join('、')}（${money(elig.payable.totalFen)}）。`} />
                      <Btn small className='js-pay-fit fit-btn' onClick={() => setSelected(elig.payable!.insured)}>
                        只为他们缴费
                      </Btn>
                    </View>
                  ) : null}
                  {offerSelfPay ? <NwText className='sheet-line' text={`也可以改为自费支付全部 ${money(elig.totalFen)}。`} /> : null}
                </View>
              ) : null}
              <ReasonList items={notes.others.map(reasonText)} className='js-payer-reason' />
              {elig.eligible ? (
                <View className='verdict ok js-eligibility'>符合缴费条件，可以使用个人账户支付</View>
              ) : notes.short || notes.noAccount ? null : (
                <View className='verdict bad js-eligibility'>暂不能使用个人账户支付，请查看上方原因</View>
              )}
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

      {showOrder ? (
        <View className='footer-actions'>
          {suspendedUntil !== null ? (
            <View className='warn js-pay-suspended'>
              <NwText text={`系统维护中，暂停缴费${suspendedUntil ? `，预计 ${dateTime(suspendedUntil)} 恢复，届时再来缴费` : '，请稍后再来'}`} />
            </View>
          ) : null}
          {notes.noAccount ? null : (
          <Btn
            kind='primary'
            id='pay-confirm'
            className='js-pay-confirm'
            disabled={!canConfirm}
            loading={sending === 'PERSONAL_ACCOUNT'}
            onClick={() => (retrying ? void confirm('PERSONAL_ACCOUNT') : setAsking('PERSONAL_ACCOUNT'))}
          >
            {suspendedUntil !== null
              ? '维护中，暂停缴费'
              : sending === 'PERSONAL_ACCOUNT'
              ? '支付中…'
              : retrying && orderError
                ? '重试支付'
                : `使用个人账户支付${elig ? ` ${money(elig.totalFen)}` : ''}`}
          </Btn>
          )}
          {offerSelfPay ? (
            <Btn
              id='pay-selfpay'
              kind={notes.noAccount ? 'primary' : 'default'}
              className='js-pay-selfpay'
              disabled={!!sending || suspendedUntil !== null}
              loading={sending === 'SELF_PAY'}
              onClick={() => setAsking('SELF_PAY')}
            >
              {sending === 'SELF_PAY' ? '提交中…' : `改为自费支付${elig ? ` ${money(elig.totalFen)}` : ''}`}
            </Btn>
          ) : null}
        </View>
      ) : null}

      {elig && people.data?.me.person ? (
        <ConfirmSheet
          open={asking !== null}
          className={asking === 'SELF_PAY' ? 'js-confirm-selfpay' : 'js-confirm-account'}
          title={asking === 'SELF_PAY' ? '确认自费支付' : '确认使用个人账户支付'}
          amount={money(elig.totalFen)}
          rows={[
            { label: '付款人', value: <NwText text={who(people.data.me.person.personId)} />, className: 'js-confirm-payer' },
            {
              label: '为谁缴费',
              className: 'js-confirm-people',
              value: (
                <View>
                  {elig.insured.map((i) => (
                    <View key={i.personId} className='sheet-line js-confirm-person'>
                      <NwText text={`${who(i.personId)} `} />
                      <Nw>{money(i.amountFen)}</Nw>
                    </View>
                  ))}
                </View>
              ),
            },
            ...(product ? [{ label: '产品', value: product.name }] : []),
            asking === 'SELF_PAY'
              ? { label: '支付方式', value: '自费支付（不使用个人账户）', className: 'js-confirm-bucket' }
              : {
                  label: '扣款账户',
                  className: 'js-confirm-bucket',
                  value: elig.debit ? (
                    <View>
                      <View className='sheet-line js-confirm-current'>
                        {'当年账户 '}
                        <Nw>{money(elig.debit.currentFen)}</Nw>
                      </View>
                      <View className='sheet-line js-confirm-historical'>
                        {'历年账户 '}
                        <Nw>{money(elig.debit.historicalFen)}</Nw>
                      </View>
                    </View>
                  ) : (
                    '职工医保个人账户'
                  ),
                },
          ]}
          confirmText={asking === 'SELF_PAY' ? '提交订单，去支付' : '确认支付'}
          busy={!!sending}
          onConfirm={() => asking && void confirm(asking)}
          onCancel={() => setAsking(null)}
        >
          <View className='sheet-note'>
            {asking === 'SELF_PAY'
              ? '提交后请在30分钟内完成支付，超时订单自动关闭。'
              : '为家人缴费只能使用历年账户；为本人缴费先用当年账户。支付后不可撤销。'}
          </View>
        </ConfirmSheet>
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

/** POST /eligibility of everyone for each product given (who could be insured in it). */
function usePreviews(
  productIds: string[],
  insured: string[],
  round: number,
  set: (f: (m: Record<string, Check>) => Record<string, Check>) => void,
  scope: ReturnType<typeof useScope>,
) {
  const key = JSON.stringify([productIds, insured, round])
  useEffect(() => {
    if (insured.length === 0 || productIds.length === 0) return
    let stale = false
    const t = setTimeout(() => {
      for (const productId of productIds) {
        const k = JSON.stringify([productId, insured, round])
        set((m) => (m[productId]?.key === k ? m : { ...m, [productId]: { key: k, status: 'loading' } }))
        api
          .eligibility({ productId, insured }, { scope })
          .then((data) => !stale && set((m) => ({ ...m, [productId]: { key: k, status: 'ok', data } })))
          .catch((error) => !stale && !isCancelled(error) && set((m) => ({ ...m, [productId]: { key: k, status: 'error', error } })))
      }
    }, 150)
    return () => {
      stale = true
      clearTimeout(t)
    }
  }, [key]) // eslint-disable-line react-hooks/exhaustive-deps
}

/** 保障期间, what the product covers and 投保须知, when the product data has them (#14). */
function ProductInfo({ p }: { p: Product }) {
  const period = coverPeriod(p)
  return (
    <Card title='保障说明' className='js-product-info'>
      <Row
        label='保障期间'
        value={
          <Text className='js-product-cover'>
            <Nw>{dateOnly(period.from)}</Nw> 至 <Nw>{dateOnly(period.until)}</Nw>
          </Text>
        }
      />
      {p.kind === 'RESIDENT_PREMIUM' ? <View className='muted'>有等待期的，保障开始日期见下方每位参保人。</View> : null}
      {p.coverage && p.coverage.length > 0 ? (
        <View className='js-product-coverage'>
          <View className='strong'>保障内容</View>
          {p.coverage.map((line, i) => (
            <View key={i} className='coverage-line'><NwText text={`· ${line}`} /></View>
          ))}
        </View>
      ) : null}
      {p.description ? (
        <View className='js-product-notice'>
          <View className='strong'>投保须知</View>
          <View className='muted'>{p.description}</View>
        </View>
      ) : null}
    </Card>
  )
}

function ProductItem({ p, selected, closed, why, onPick }: { p: Product; selected: boolean; closed?: boolean; why?: string; onPick: (id: string) => void }) {
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
      {why ? <View className='muted js-product-why-short'>{why}</View> : null}
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
  const enrolled = isEnrolled(entry)
  return (
    <View id={`person-${c.personId}`} className={cx('person js-person', checked && 'is-checked', enrolled && 'is-enrolled', entry && !entry.eligible && !enrolled && 'is-ineligible')}>
      <Choice kind='checkbox' className='person-head' checked={checked} disabled={enrolled} onPick={onToggle}>
        <View className={cx('checkbox js-person-checkbox', checked && 'is-checked')} aria-hidden='true'>
          {checked ? '✓' : ''}
        </View>
        {/* #14 finding 1: 儿子 / 父亲 and the age tell two 王** apart (the ID tail where they still collide) */}
        <Text className='strong js-person-name'>{c.maskedName}</Text>
        <Text className='tag js-person-kin'>{c.relationLabel}</Text>
        {c.ageText ? <Nw className='person-age js-person-age'>{c.ageText}</Nw> : null}
        {c.idTail ? <Nw className='person-age js-person-id-tail'>{c.idTail}</Nw> : null}
        {enrolled ? (
          <Text className='tag tag-muted js-person-eligible js-person-enrolled'>已参保</Text>
        ) : entry ? (
          <Text className={cx('tag', canApply(entry) ? 'tag-ok' : 'tag-bad', 'js-person-eligible')}>{canApply(entry) ? '可参保' : '不可参保'}</Text>
        ) : null}
      </Choice>
      {enrolled ? (
        <View className='person-detail muted js-person-result'>
          <NwText text={`本年度已参保${entry?.coverFrom ? `（保障自 ${dateOnly(entry.coverFrom)} 起）` : ''}，无需再缴费，不计入合计。`} />
        </View>
      ) : entry ? (
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

/** A result replaces the long form: start reading it at its top (H5 keeps the scroll position). */
function scrollTop(): void {
  void Promise.resolve()
    .then(() => Taro.pageScrollTo({ scrollTop: 0, duration: 0 }))
    .catch(() => undefined)
}
