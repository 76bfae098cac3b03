/**
 * An in-memory BFF that speaks the contract of /work/shared/API.md (prefix /api/v1), served
 * to the app through the Taro.request stand-in — the network boundary of src/lib/api.ts.
 * Its answers must be contract-true: in tests the request module parses every answer against
 * the schemas in @yibao/shared (src/lib/contractCheck.ts) and turns a mismatch into BAD_RESPONSE.
 * Tests change `bff.state`, override one route with `bff.on('POST /orders', …)`, take the
 * network down with `bff.offline = true`, and read what was sent in `bff.calls`.
 */
import { saveTokens } from '../src/lib/session'
import { setRequestHandler, type RequestOption, type RequestResult } from './taro'
import { largestPayableGroup, maskName, planDebit } from '@yibao/shared'
import type {
  CitizenSettlement,
  Eligibility,
  LedgerEntry,
  Membership,
  FamilyList,
  InsuredEligibility,
  Invitation,
  Me,
  Notices,
  Order,
  PendingMember,
  Product,
  QrStatus,
  Reason,
  Relation,
} from '../src/lib/types'

export interface Call {
  method: string
  path: string
  headers: Record<string, string>
  body: unknown
}

export interface Res {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

type Handler = (req: Call, params: Record<string, string>) => Res | Promise<Res>

export function contractError(status: number, code: string, message: string, extra: Record<string, unknown> = {}): Res {
  return { status, body: { error: { code, message, ...extra } } }
}

/** A contract-true order (POST /orders 201, GET /orders/{orderId}), for tests to vary. */
export function anOrder(o: Partial<Order> = {}): Order {
  const order: Order = {
    orderId: 'o-1',
    status: 'PAID',
    productId: 'JS-YHB-2027',
    payMethod: 'PERSONAL_ACCOUNT',
    totalFen: 5900,
    items: [{ personId: 'p-self', amountFen: 5900, coverFrom: '2027-01-01' }],
    debit: { historicalFen: 5900, currentFen: 0 },
    createdAt: '2026-11-24T10:00:00+08:00',
    ...o,
  }
  if (order.debit === undefined) delete order.debit
  return order
}

export interface State {
  me: Me
  family: FamilyList
  invitations: Invitation[]
  products: Product[]
  notices: Notices
  orders: Order[]
  /** per-person eligibility answers (POST /eligibility); default: eligible, DEFAULT 5900 */
  insured: Record<string, Partial<InsuredEligibility>>
  payerReasons: Reason[]
  qrTtlSeconds: number
  /** GET /account/ledger: every entry of my account, newest first (served in keyset pages) */
  ledger: LedgerEntry[]
  /** GET /settlements */
  settlements: CitizenSettlement[]
  /** GET /family/memberships */
  memberships: Membership[]
}

/** A contract-true ledger entry (GET /account/ledger), for tests to vary. */
export function aLedgerEntry(e: Partial<LedgerEntry> = {}): LedgerEntry {
  return { entryId: 'le-1', at: '2026-11-24T10:00:00+08:00', kind: 'PREMIUM', amountFen: -5900, bucket: 'HISTORICAL', orderId: 'o-1', ...e }
}

/** A contract-true bill (GET /settlements): the child's, paid from the father's 历年结余 (seed 001). */
export function aSettlement(s: Partial<CitizenSettlement> = {}): CitizenSettlement {
  return {
    checkInId: 'ci-1',
    patient: { personId: 'p-child', maskedName: '王**' },
    totalFen: 32000,
    compliantFen: 30000,
    deductibleAppliedFen: 0,
    fundFen: 15000,
    ownAccount: { currentFen: 0, historicalFen: 0 },
    family: [{ memberId: 'm-child', organizer: { maskedName: '王**' }, historicalFen: 15000 }],
    cashFen: 2000,
    settlementId: 's-1',
    billNo: 'B20261124001',
    status: 'SETTLED',
    settledAt: '2026-11-24T10:30:00+08:00',
    hospital: { hospitalId: 'H320102001', name: '南京市第一医院' },
    ...s,
  }
}

export function defaultState(): State {
  return {
    me: {
      userId: 'u-1',
      verified: true,
      person: {
        personId: 'p-self',
        maskedName: '王**',
        maskedIdNumber: '320***********0113',
        maskedPhone: '138****0001',
        gender: 'M',
        age: 46,
        insurance: { scheme: 'EMPLOYEE', status: 'ACTIVE', region: '320102', account: { historicalFen: 500000, currentFen: 20000 } },
      },
    },
    family: {
      modes: { pay: false, premium: true },
      members: [
        {
          memberId: 'm-1',
          personId: 'p-spouse',
          relation: 'SPOUSE',
          status: 'ACTIVE',
          maskedName: '张*',
          maskedIdNumber: '320***********0145',
          gender: 'F',
          age: 43,
          insurance: { scheme: 'RESIDENT', status: 'ACTIVE', region: '320102' },
        },
        {
          memberId: 'm-2',
          personId: 'p-father',
          relation: 'PARENT',
          status: 'PENDING_CONSENT',
          maskedName: '王**',
          gender: 'M',
        },
      ],
    },
    invitations: [],
    products: [
      {
        productId: 'JS-YHB-2027',
        kind: 'HUIMINBAO',
        name: '江苏医惠保1号(2027年度)',
        year: 2027,
        opensAt: '2000-01-01T00:00:00+08:00',
        closesAt: '2999-12-31T23:59:59+08:00',
      },
      {
        productId: 'OLD-2020',
        kind: 'HUIMINBAO',
        name: '旧产品(2020年度)',
        year: 2020,
        opensAt: '2019-09-01T00:00:00+08:00',
        closesAt: '2019-12-31T23:59:59+08:00',
      },
    ],
    notices: { maintenance: [], suspended: false },
    orders: [],
    insured: {},
    payerReasons: [],
    qrTtlSeconds: 60,
    ledger: [],
    settlements: [],
    memberships: [],
  }
}

export class FakeBff {
  calls: Call[] = []
  offline = false
  /** The next N requests reach the BFF (and take effect) but their answers are lost. */
  loseAnswers = 0
  state: State = defaultState()
  private routes: Array<{ method: string; pattern: RegExp; keys: string[]; handler: Handler; override: boolean }> = []
  private access = new Map<string, string>()
  private refresh = new Map<string, string>()
  /** phone proofs issued by POST /identity/phone (each works once) */
  readonly proofs = new Set<string>()
  private seq = 0
  private idem = new Map<string, { body: string; res: Res }>()
  /** #14 finding 7: the latest code per person, and the codes a hospital has checked in */
  readonly latestQr = new Map<string, { token: string; expiresAt: string }>()
  readonly usedQr = new Map<string, Pick<QrStatus, 'checkIn' | 'settlements'>>()

  /** A hospital checks in the latest code of `personId` (and, with `settlements`, has settled its bills). */
  checkInQr(personId: string, used: Pick<QrStatus, 'checkIn' | 'settlements'>): void {
    const latest = this.latestQr.get(personId)
    if (!latest) throw new Error(`no code was fetched for ${personId}`)
    this.usedQr.set(latest.token, used)
  }

  constructor() {
    this.defaults()
  }

  /** Replaces (or adds) the handler of one route, e.g. on('POST /orders', …). */
  on(route: string, handler: Handler): this {
    const [method, path] = route.split(' ')
    const keys: string[] = []
    const pattern = new RegExp('^' + path.replace(/:(\w+)/g, (_m, k: string) => (keys.push(k), '([^/]+)')) + '$')
    this.routes.unshift({ method, pattern, keys, handler, override: true })
    return this
  }

  /** Issues a token pair for `openid` (what POST /auth/login does). */
  issue(openid = 'alice'): { accessToken: string; refreshToken: string; expiresIn: number } {
    const n = ++this.seq
    const accessToken = `at-${openid}-${n}`
    const refreshToken = `rt-${openid}-${n}`
    this.access.set(accessToken, openid)
    this.refresh.set(refreshToken, openid)
    return { accessToken, refreshToken, expiresIn: 900 }
  }

  /** Every access token issued so far stops working (they "expire"). */
  expireAccessTokens(): void {
    this.access.clear()
  }

  callsTo(method: string, path: string): Call[] {
    return this.calls.filter((c) => c.method === method && c.path === path)
  }

  handle = async (opts: RequestOption): Promise<RequestResult> => {
    const method = (opts.method ?? 'GET').toUpperCase()
    const path = opts.url.replace(/^\/api\/v1/, '')
    const headers: Record<string, string> = {}
    for (const [k, v] of Object.entries(opts.header ?? {})) headers[k.toLowerCase()] = v
    const call: Call = { method, path, headers, body: opts.data === undefined ? undefined : JSON.parse(JSON.stringify(opts.data)) }
    this.calls.push(call)
    await Promise.resolve()
    if (this.offline) throw { errMsg: 'request:fail net::ERR_INTERNET_DISCONNECTED' }
    const res = await this.dispatch(call)
    if (this.loseAnswers > 0) {
      this.loseAnswers -= 1
      throw { errMsg: 'request:fail timeout' }
    }
    return { statusCode: res.status, data: res.body ?? (res.status === 204 ? '' : null), header: res.headers ?? {} }
  }

  private async dispatch(call: Call): Promise<Res> {
    const publicPaths = ['/auth/login', '/auth/refresh', '/notices']
    if (!publicPaths.includes(call.path.split('?')[0])) {
      const token = (call.headers.authorization ?? '').replace(/^Bearer /, '')
      if (!this.access.has(token)) return contractError(401, 'UNAUTHENTICATED', '登录已失效，请重新登录')
    }
    const bare = call.path.split('?')[0]
    for (const r of this.routes) {
      if (r.method !== call.method) continue
      const m = r.pattern.exec(bare)
      if (!m) continue
      const params: Record<string, string> = {}
      r.keys.forEach((k, i) => (params[k] = decodeURIComponent(m[i + 1])))
      return r.handler(call, params)
    }
    return contractError(404, 'NOT_FOUND', '未找到相关信息')
  }

  private def(route: string, handler: Handler) {
    this.on(route, handler)
    this.routes[0].override = false
    // defaults go to the end so that test overrides (unshifted) win
    this.routes.push(this.routes.shift()!)
  }

  private eligibility(productId: string, insured: string[]): Eligibility {
    const s = this.state
    const account = s.me.person?.insurance.account ?? { historicalFen: 0, currentFen: 0 }
    const entries: InsuredEligibility[] = insured.map((personId) => ({
      personId,
      eligible: true,
      amountFen: 5900,
      category: 'DEFAULT',
      coverFrom: '2027-01-01',
      waitingMonths: 0,
      reasons: [] as Reason[],
      ...s.insured[personId],
    }))
    for (const e of entries) e.eligible = e.reasons.length === 0
    const totalFen = entries.filter((e) => e.eligible).reduce((a, e) => a + e.amountFen, 0)
    const payer: Reason[] = [...s.payerReasons]
    if (totalFen > account.historicalFen + account.currentFen) {
      payer.push({ code: 'INSUFFICIENT_BALANCE', message: '个人账户余额不足以支付全部费用，可选择自费支付' })
    }
    void productId
    const eligible = payer.length === 0 && entries.every((e) => e.eligible)
    const selfId = s.me.person?.personId
    const selfFen = entries.filter((e) => e.eligible && e.personId === selfId).reduce((a, e) => a + e.amountFen, 0)
    const plan = planDebit(account, selfFen, totalFen - selfFen)
    const short = payer.some((r) => r.code === 'INSUFFICIENT_BALANCE')
    const group = short
      ? largestPayableGroup(
          account,
          entries.filter((e) => e.eligible).map((e) => ({ personId: e.personId, amountFen: e.amountFen, self: e.personId === selfId })),
        )
      : null
    return {
      eligible,
      totalFen,
      balance: { ...account },
      payer: { reasons: payer },
      insured: entries,
      ...(eligible && plan.ok ? { debit: plan.debit } : {}),
      ...(short ? { shortFen: totalFen - account.historicalFen - account.currentFen } : {}),
      ...(group ? { payable: { insured: group.personIds, totalFen: group.totalFen } } : {}),
    }
  }

  private defaults() {
    this.def('POST /auth/login', (c) => {
      const code = String((c.body as { code?: string })?.code ?? '')
      const m = /^sandbox:([A-Za-z0-9_-]{1,64})$/.exec(code)
      if (!m && code !== 'wx-code-1') {
        return contractError(400, 'VALIDATION_FAILED', '登录凭证格式不正确', { reasons: [{ code: 'FIELD_INVALID', message: '登录凭证格式不正确', field: 'code' }] })
      }
      return { status: 200, body: this.issue(m ? m[1] : 'wx-user') }
    })
    this.def('POST /auth/refresh', (c) => {
      const rt = String((c.body as { refreshToken?: string })?.refreshToken ?? '')
      const who = this.refresh.get(rt)
      if (!who) return contractError(401, 'UNAUTHENTICATED', '登录已失效，请重新登录')
      this.refresh.delete(rt) // a refresh token works once
      return { status: 200, body: this.issue(who) }
    })
    this.def('POST /auth/logout', (c) => {
      this.access.delete((c.headers.authorization ?? '').replace(/^Bearer /, ''))
      return { status: 204 }
    })
    this.def('GET /me', () => ({ status: 200, body: this.state.me }))
    this.def('GET /me/export', () => {
      const { me, orders } = this.state
      return {
        status: 200,
        body: {
          exportedAt: '2026-11-24T10:00:00+08:00',
          account: { userId: me.userId, createdAt: '2026-11-01T09:00:00+08:00', ...(me.verified ? { verifiedAt: '2026-11-01T09:05:00+08:00' } : {}) },
          ...(me.person ? { identity: me.person } : {}),
          family: {
            modes: this.state.family.modes,
            bindings: this.state.family.members.map((m) => ({
              memberId: m.memberId,
              role: 'ORGANIZER',
              relation: m.relation,
              status: m.status,
              other: { personId: m.personId, maskedName: m.maskedName },
              createdAt: '2026-11-02T09:00:00+08:00',
              updatedAt: '2026-11-02T09:00:00+08:00',
            })),
          },
          consents: [],
          orders,
          settlements: [],
          ledger: [],
          checkIns: [],
          signIns: [{ at: '2026-11-24T09:00:00+08:00' }, { at: '2026-11-01T09:00:00+08:00' }],
        },
      }
    })
    this.def('DELETE /me', (c) => {
      const awaiting = this.state.orders.filter((o) => o.status === 'AWAITING_PAYMENT').map((o) => o.orderId)
      if (awaiting.length > 0) {
        return contractError(409, 'OPEN_OBLIGATIONS', '您还有未完成的订单或可退费的结算，请处理完毕后再注销', { open: { orders: awaiting, settlements: [] } })
      }
      this.access.clear()
      return { status: 204 }
    })
    this.def('POST /identity/phone', (c) => {
      const code = String((c.body as { code?: string })?.code ?? '')
      if (!code.startsWith('ph-')) return contractError(422, 'WECHAT_CODE_INVALID', '微信登录凭证无效或已使用，请重新进入小程序')
      const proof = `proof${code.replace(/[^A-Za-z0-9]/g, '')}`.padEnd(24, 'x')
      this.proofs.add(proof)
      return { status: 200, body: { maskedPhone: '138****0001', phoneProof: proof, expiresIn: 600 } }
    })
    this.def('POST /identity/verify', (c) => {
      const proof = (c.body as { phoneProof?: string })?.phoneProof
      if (proof !== undefined && !this.proofs.delete(proof)) {
        return contractError(400, 'VALIDATION_FAILED', '填写的信息有误，请按提示修改后再提交', {
          reasons: [{ code: 'PHONE_PROOF_INVALID', message: '手机号验证已失效，请重新获取微信手机号', field: 'phoneProof' }],
        })
      }
      this.state.me = { ...this.state.me, verified: true }
      return { status: 200, body: { verified: true } }
    })
    this.def('GET /family/members', () => {
      if (!this.state.me.verified) return contractError(403, 'REAL_NAME_REQUIRED', '请先完成实名认证')
      return { status: 200, body: this.state.family }
    })
    this.def('POST /family/members', (c) => {
      const b = c.body as { name: string; idNumber: string; relation: Relation }
      const n = this.state.family.members.length + 1
      // an adult is invited: their row shows only who was invited until they consent
      const member: PendingMember = {
        memberId: `m-new-${n}`,
        personId: `p-new-${n}`,
        relation: b.relation,
        status: 'PENDING_CONSENT',
        maskedName: maskName(b.name),
        gender: Number(b.idNumber.charAt(16)) % 2 === 1 ? 'M' : 'F',
      }
      this.state.family.members.push(member)
      return { status: 201, body: { memberId: member.memberId, personId: member.personId, relation: member.relation, status: member.status } }
    })
    this.def('PUT /family/modes', (c) => {
      const b = c.body as { pay: boolean; premium: boolean }
      this.state.family.modes = { pay: b.pay, premium: b.premium }
      return { status: 200, body: { modes: this.state.family.modes } }
    })
    this.def('GET /family/invitations', () => ({ status: 200, body: this.state.invitations }))
    this.def('POST /family/invitations/:id/accept', (_c, p) => {
      const inv = this.state.invitations.find((i) => i.memberId === p.id)
      this.state.invitations = this.state.invitations.filter((i) => i.memberId !== p.id)
      // the network joined shows in GET /family/memberships from now on
      if (inv) this.state.memberships.push({ memberId: inv.memberId, relation: inv.relation, status: 'ACTIVE', organizer: { maskedName: inv.organizer.maskedName }, modes: inv.modes })
      return { status: 200, body: { status: 'ACTIVE' } }
    })
    this.def('POST /family/invitations/:id/decline', (_c, p) => {
      this.state.invitations = this.state.invitations.filter((i) => i.memberId !== p.id)
      return { status: 200, body: { status: 'DECLINED' } }
    })
    this.def('DELETE /family/members/:id', (_c, p) => {
      this.state.family.members = this.state.family.members.filter((m) => m.memberId !== p.id)
      this.state.memberships = this.state.memberships.filter((m) => m.memberId !== p.id)
      return { status: 204 }
    })
    this.def('GET /products', () => ({ status: 200, body: this.state.products }))
    this.def('POST /eligibility', (c) => {
      const b = c.body as { productId: string; insured: string[] }
      return { status: 200, body: this.eligibility(b.productId, b.insured) }
    })
    this.def('POST /orders', (c) => {
      const key = c.headers['idempotency-key']
      if (!key) return contractError(400, 'IDEMPOTENCY_KEY_REQUIRED', '请求缺少防重复提交标识')
      const bodyText = JSON.stringify(c.body)
      const seen = this.idem.get(key)
      if (seen) {
        return seen.body === bodyText ? seen.res : contractError(409, 'IDEMPOTENCY_KEY_REUSED', '该次提交已用于其他订单，请重新下单')
      }
      const b = c.body as { productId: string; insured: string[]; payMethod: 'PERSONAL_ACCOUNT' | 'SELF_PAY' }
      const e = this.eligibility(b.productId, b.insured)
      const blocking = [...e.payer.reasons, ...e.insured.flatMap((i) => i.reasons)].filter(
        // P-PAY-1/P-PAY-5 are about the personal account: a self-pay order skips them (as the BFF does)
        (r) => !(b.payMethod === 'SELF_PAY' && ['INSUFFICIENT_BALANCE', 'PAYER_NOT_EMPLOYEE', 'PAYER_NOT_ACTIVE', 'PAYER_REGION_NOT_ELIGIBLE', 'MODE_NOT_ENABLED'].includes(r.code)),
      )
      let res: Res
      if (blocking.length > 0) {
        res = contractError(422, 'NOT_ELIGIBLE', '不符合办理条件，请查看具体原因', { reasons: blocking })
      } else {
        const paid = b.payMethod === 'PERSONAL_ACCOUNT'
        const order: Order = {
          orderId: `o-${this.state.orders.length + 1}`,
          status: paid ? 'PAID' : 'AWAITING_PAYMENT',
          totalFen: e.totalFen,
          // every insured person is eligible here, so each has a cover date
          items: e.insured.map((i) => ({ personId: i.personId, amountFen: i.amountFen, coverFrom: i.coverFrom as string })),
          ...(paid ? { debit: { historicalFen: e.totalFen, currentFen: 0 } } : {}),
          productId: b.productId,
          payMethod: b.payMethod,
          createdAt: '2026-11-24T10:00:00+08:00',
          ...(paid ? {} : { expiresAt: '2026-11-24T10:30:00+08:00' }),
        }
        if (paid && this.state.me.person?.insurance.account) this.state.me.person.insurance.account.historicalFen -= e.totalFen
        this.state.orders.push(order)
        res = { status: 201, body: order }
      }
      this.idem.set(key, { body: bodyText, res })
      return res
    })
    this.def('GET /orders', () => ({ status: 200, body: this.state.orders }))
    this.def('GET /orders/:id', (_c, p) => {
      const o = this.state.orders.find((x) => x.orderId === p.id)
      return o ? { status: 200, body: o } : contractError(404, 'NOT_FOUND', '未找到相关信息')
    })
    // #14 finding 4: the sandbox cashier, its confirmation (idempotent per key) and cancel
    const own = (id: string) => this.state.orders.find((x) => x.orderId === id)
    const closed = (o: Order): Res | null =>
      o.status === 'CANCELLED'
        ? contractError(422, 'ORDER_CANCELLED', '该订单已取消，不能再支付，请重新下单')
        : o.status === 'EXPIRED'
          ? contractError(422, 'ORDER_EXPIRED', '该订单已超过支付时限，已自动关闭，请重新下单')
          : null
    this.def('POST /orders/:id/payment', (_c, p) => {
      const o = own(p.id)
      if (!o) return contractError(404, 'NOT_FOUND', '未找到相关信息')
      if (o.status === 'PAID') return contractError(409, 'ORDER_ALREADY_PAID', '该订单已支付，不能取消；如需退保请联系承保机构')
      return closed(o) ?? { status: 200, body: { provider: 'SANDBOX', orderId: o.orderId, amountFen: o.totalFen, expiresAt: o.expiresAt ?? '2026-11-24T10:30:00+08:00', merchant: '江苏医惠保1号(2027年度)' } }
    })
    this.def('POST /orders/:id/payment/confirm', (c, p) => {
      const key = c.headers['idempotency-key']
      if (!key) return contractError(400, 'IDEMPOTENCY_KEY_REQUIRED', '请求缺少防重复提交标识')
      const o = own(p.id)
      if (!o) return contractError(404, 'NOT_FOUND', '未找到相关信息')
      const refused = closed(o)
      if (refused) return refused
      if (o.status === 'AWAITING_PAYMENT') {
        o.status = 'PAID'
        o.paidAt = '2026-11-24T10:05:00+08:00'
      }
      return { status: 200, body: o }
    })
    this.def('POST /orders/:id/cancel', (_c, p) => {
      const o = own(p.id)
      if (!o) return contractError(404, 'NOT_FOUND', '未找到相关信息')
      if (o.status === 'PAID') return contractError(409, 'ORDER_ALREADY_PAID', '该订单已支付，不能取消；如需退保请联系承保机构')
      if (o.status === 'AWAITING_PAYMENT') o.status = 'CANCELLED'
      return { status: 200, body: o }
    })
    this.def('POST /qrcodes', (c) => {
      const personId = String((c.body as { personId?: string })?.personId)
      const n = ++this.seq
      const expiresAt = new Date(Date.now() + this.state.qrTtlSeconds * 1000).toISOString()
      this.latestQr.set(personId, { token: `qr.${personId}.${n}`, expiresAt })
      return { status: 201, body: { token: `qr.${personId}.${n}`, expiresAt } }
    })
    // #14 finding 7: the latest code fetched for a person; `useQr(token, …)` marks it used at a hospital
    this.def('GET /qrcodes/current', (c) => {
      const personId = new URLSearchParams(c.path.split('?')[1] ?? '').get('personId') ?? ''
      const latest = this.latestQr.get(personId)
      if (!latest) return contractError(404, 'NOT_FOUND', '未找到相关信息')
      const used = this.usedQr.get(latest.token)
      if (used) return { status: 200, body: { status: 'USED', expiresAt: latest.expiresAt, ...used } }
      return { status: 200, body: { status: Date.now() < Date.parse(latest.expiresAt) ? 'VALID' : 'EXPIRED', expiresAt: latest.expiresAt } }
    })
    this.def('GET /notices', () => ({ status: 200, body: this.state.notices }))
    // API.md P-SET-7: keyset paging, `before` = the last entry of the previous page (no gap or repeat)
    this.def('GET /account/ledger', (c) => {
      if (!this.state.me.verified) return contractError(403, 'REAL_NAME_REQUIRED', '请先完成实名认证')
      const q = new URLSearchParams(c.path.split('?')[1] ?? '')
      const limit = q.has('limit') ? Number(q.get('limit')) : 20
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) return contractError(400, 'VALIDATION_FAILED', '请求参数不正确')
      const before = q.get('before')
      const all = this.state.ledger
      let start = 0
      if (before !== null) {
        const i = all.findIndex((e) => `c${e.entryId}` === before)
        if (i < 0) return contractError(400, 'VALIDATION_FAILED', '分页位置格式不正确')
        start = i + 1
      }
      const entries = all.slice(start, start + limit)
      const more = start + limit < all.length
      return { status: 200, body: more ? { entries, nextBefore: `c${entries[entries.length - 1].entryId}` } : { entries } }
    })
    this.def('GET /settlements', () => {
      if (!this.state.me.verified) return contractError(403, 'REAL_NAME_REQUIRED', '请先完成实名认证')
      return { status: 200, body: this.state.settlements }
    })
    this.def('GET /family/memberships', () => {
      if (!this.state.me.verified) return contractError(403, 'REAL_NAME_REQUIRED', '请先完成实名认证')
      return { status: 200, body: this.state.memberships }
    })
  }
}

/**
 * Installs a fresh fake BFF as the network and, unless `signedIn` is false, stores a
 * token pair for "alice" as a signed-in device would have.
 */
export function installFakeBff({ signedIn = true }: { signedIn?: boolean } = {}): FakeBff {
  const bff = new FakeBff()
  setRequestHandler(bff.handle)
  if (signedIn) {
    saveTokens(bff.issue('alice'))
  }
  return bff
}
