/**
 * The one request module: every call to the BFF (API.md, prefix /api/v1) goes through
 * `request()` below, which
 *  - prefixes the base URL from the build config (H5: same origin /api/v1; weapp: BFF_URL),
 *  - adds `Authorization: Bearer <accessToken>` from Taro storage,
 *  - on a 401 refreshes once (POST /auth/refresh; one refresh shared by concurrent calls,
 *    because a refresh token works once) and repeats the call once,
 *  - turns the contract's `{"error":{code,message,reasons,resumesAt}}` into an ApiError,
 *  - aborts and ignores calls whose page has closed (CancelScope).
 * Typed functions per endpoint follow at the end.
 */
import Taro from '@tarojs/taro'
import { API_BASE, isH5 } from './config'
import { CancelScope } from './cancel'
import { ApiError } from './errors'
import { clearTokens, getTokens, onSessionChange, saveTokens } from './session'
import type {
  AccountExport,
  AddMemberResult,
  Eligibility,
  FamilyList,
  FamilyModes,
  Invitation,
  InvitationAnswer,
  CitizenSettlement,
  LedgerPage,
  Me,
  Membership,
  Notices,
  Order,
  PaymentSession,
  PayMethod,
  PhoneProof,
  Product,
  QrStatus,
  QrToken,
  Relation,
  TokenPair,
  Verified,
} from './types'

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE'

export interface CallOptions {
  /** Cancelled when the page closes: the call is aborted and its result ignored. */
  scope?: CancelScope
}

interface RequestInit extends CallOptions {
  method: Method
  path: string
  body?: unknown
  headers?: Record<string, string>
  /** true: needs the citizen token (refresh on 401); 'optional': sent when present. */
  auth?: boolean | 'optional'
}

interface RawResponse {
  statusCode: number
  data: unknown
  header: Record<string, string>
}

export const REQUEST_TIMEOUT_MS = 20_000

function lowerKeys(h: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (h && typeof h === 'object') {
    for (const [k, v] of Object.entries(h as Record<string, unknown>)) out[k.toLowerCase()] = String(v)
  }
  return out
}

const cancelled = () => new ApiError({ status: 0, code: 'CANCELLED' })
const networkError = () => new ApiError({ status: 0, code: 'NETWORK_ERROR' })

/**
 * One HTTP exchange. Development builds and tests parse every answer against the contract
 * (./contractCheck: a mismatch is ApiError BAD_RESPONSE); webpack evaluates the condition at
 * build time, so production bundles hold neither the check nor the response schemas.
 */
async function send(init: RequestInit, accessToken?: string): Promise<RawResponse> {
  const res = await exchange(init, accessToken)
  if (process.env.NODE_ENV !== 'production') {
    ;(require('./contractCheck') as typeof import('./contractCheck')).check(init.method, init.path, res.statusCode, res.data)
  }
  return res
}

/** One HTTP exchange through Taro.request (the network boundary). */
function exchange(init: RequestInit, accessToken?: string): Promise<RawResponse> {
  return new Promise<RawResponse>((resolve, reject) => {
    if (init.scope?.cancelled) {
      reject(cancelled())
      return
    }
    const header: Record<string, string> = { Accept: 'application/json', ...init.headers }
    if (init.body !== undefined) header['Content-Type'] = 'application/json'
    if (accessToken) header.Authorization = `Bearer ${accessToken}`

    const controller = isH5() && typeof AbortController !== 'undefined' ? new AbortController() : undefined
    let settled = false
    let off: (() => void) | undefined
    let timer: ReturnType<typeof setTimeout> | undefined
    const finish = (fn: () => void) => {
      if (settled) return
      settled = true
      off?.()
      if (timer) clearTimeout(timer)
      fn()
    }
    const options = {
      url: API_BASE + init.path,
      method: init.method,
      data: init.body,
      header,
      dataType: 'json',
      timeout: REQUEST_TIMEOUT_MS,
      ...(controller ? { signal: controller.signal } : {}),
    } as Taro.request.Option
    let task: Promise<Taro.request.SuccessCallbackResult> & { abort?: () => void }
    try {
      task = Taro.request(options) as typeof task
    } catch {
      finish(() => reject(networkError()))
      return
    }
    const abort = () => {
      try {
        controller?.abort()
        task.abort?.()
      } catch {
        /* ignore */
      }
    }
    off = init.scope?.onCancel(() => finish(() => {
      abort()
      reject(cancelled())
    }))
    timer = setTimeout(() => finish(() => {
      abort()
      reject(networkError())
    }), REQUEST_TIMEOUT_MS + 1000)
    Promise.resolve(task).then(
      (res) => finish(() => resolve({ statusCode: Number(res.statusCode), data: res.data, header: lowerKeys(res.header) })),
      () => finish(() => reject(init.scope?.cancelled ? cancelled() : networkError())),
    )
  })
}

const FALLBACK_CODES: Record<number, string> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
}

function toError(res: RawResponse): ApiError {
  const body = res.data as { error?: Record<string, unknown> } | null
  const e = body && typeof body === 'object' ? body.error : undefined
  const retryAfter = Number(res.header['retry-after'])
  const retryAfterSeconds = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined
  if (e && typeof e === 'object' && typeof e.code === 'string') {
    return new ApiError({
      status: res.statusCode,
      code: e.code,
      message: typeof e.message === 'string' ? e.message : undefined,
      reasons: Array.isArray(e.reasons) ? (e.reasons as ApiError['reasons']) : [],
      resumesAt: typeof e.resumesAt === 'string' ? e.resumesAt : undefined,
      open: e.open && typeof e.open === 'object' ? (e.open as ApiError['open']) : undefined,
      retryAfterSeconds,
      remainingAttempts: typeof e.remainingAttempts === 'number' ? e.remainingAttempts : undefined,
    })
  }
  const code = FALLBACK_CODES[res.statusCode] ?? (res.statusCode >= 500 ? 'INTERNAL' : 'UNKNOWN')
  return new ApiError({ status: res.statusCode, code, retryAfterSeconds })
}

function ok(res: RawResponse): boolean {
  return res.statusCode >= 200 && res.statusCode < 300
}

let refreshing: Promise<string | null> | null = null

/**
 * After a 401 with `failedToken`: the access token to retry with, or null (signed out).
 * Concurrent 401s share one POST /auth/refresh; a call whose token was already replaced
 * just retries with the new one. The refresh itself is never cancelled by a page.
 */
async function renewAfter(failedToken: string | undefined): Promise<string | null> {
  const current = getTokens()
  if (!current) return null
  if (failedToken && current.accessToken !== failedToken) return current.accessToken
  if (!refreshing) {
    const refreshToken = current.refreshToken
    refreshing = (async () => {
      const res = await send({ method: 'POST', path: '/auth/refresh', body: { refreshToken } })
      const pair = res.data as Partial<TokenPair> | null
      if (ok(res) && pair && typeof pair.accessToken === 'string' && typeof pair.refreshToken === 'string') {
        saveTokens(pair as TokenPair)
        return pair.accessToken
      }
      if (res.statusCode >= 400 && res.statusCode < 500) clearTokens()
      return null
    })().finally(() => {
      refreshing = null
    })
  }
  return refreshing
}

/**
 * #14 finding 9: "登录已失效" only for someone whose sign-in really ended (the BFF refused it);
 * a first-time visitor, or someone who signed out, is asked to sign in. Forgotten at the next sign-in.
 */
let sessionExpired = false
onSessionChange((on) => {
  if (on) sessionExpired = false
})
export const NOT_SIGNED_IN = '您还没有登录，请先登录'

export async function request<T>(init: RequestInit): Promise<T> {
  const auth = init.auth ?? true
  const token = auth ? getTokens()?.accessToken : undefined
  if (auth === true && !token) {
    throw new ApiError({ status: 401, code: 'UNAUTHENTICATED', message: sessionExpired ? undefined : NOT_SIGNED_IN })
  }
  let res = await send(init, token)
  if (res.statusCode === 401 && auth === true) {
    const fresh = await renewAfter(token)
    if (init.scope?.cancelled) throw cancelled()
    if (fresh) res = await send(init, fresh)
    if (res.statusCode === 401) {
      sessionExpired = true
      clearTokens()
    }
  }
  if (init.scope?.cancelled) throw cancelled()
  if (ok(res)) return res.data as T
  throw toError(res)
}

/* ---------------------------------------------------------------- endpoints */

const enc = encodeURIComponent

export const api = {
  /** POST /auth/login {code} (sandbox: "sandbox:<openid>") */
  login: (code: string, o: CallOptions = {}) =>
    request<TokenPair>({ method: 'POST', path: '/auth/login', body: { code }, auth: false, ...o }),

  /**
   * POST /auth/logout → 204: the BFF revokes this sign-in (its refresh token and every access
   * token of it). 'optional': sent with the token held now, and a 401 is no reason to refresh.
   */
  logout: (o: CallOptions = {}) => request<null>({ method: 'POST', path: '/auth/logout', auth: 'optional', ...o }),

  /** GET /me */
  me: (o: CallOptions = {}) => request<Me>({ method: 'GET', path: '/me', ...o }),
  /** GET /me/export: everything held about the caller (PIPL art. 45). */
  exportMe: (o: CallOptions = {}) => request<AccountExport>({ method: 'GET', path: '/me/export', ...o }),
  /** DELETE /me: closes the account at once (PIPL art. 47); 409 OPEN_OBLIGATIONS while something is open. */
  closeAccount: (o: CallOptions = {}) => request<null>({ method: 'DELETE', path: '/me', ...o }),

  /** POST /identity/verify {name, idNumber, phone | phoneProof} → {verified:true} */
  verifyIdentity: (body: { name: string; idNumber: string } & ({ phone: string } | { phoneProof: string }), o: CallOptions = {}) =>
    request<Verified>({ method: 'POST', path: '/identity/verify', body, ...o }),

  /** POST /identity/phone {code} (a getPhoneNumber code) → {maskedPhone, phoneProof, expiresIn} */
  phone: (code: string, o: CallOptions = {}) => request<PhoneProof>({ method: 'POST', path: '/identity/phone', body: { code }, ...o }),

  /** GET /family/members → {modes, members} */
  familyMembers: (o: CallOptions = {}) => request<FamilyList>({ method: 'GET', path: '/family/members', ...o }),

  /** POST /family/members {name, idNumber, relation} → 201 */
  addMember: (body: { name: string; idNumber: string; relation: Relation }, o: CallOptions = {}) =>
    request<AddMemberResult>({ method: 'POST', path: '/family/members', body, ...o }),

  /** PUT /family/modes {pay, premium} → {modes} */
  setModes: (modes: FamilyModes, o: CallOptions = {}) =>
    request<Pick<FamilyList, 'modes'>>({ method: 'PUT', path: '/family/modes', body: modes, ...o }),

  /** GET /family/invitations */
  invitations: (o: CallOptions = {}) =>
    request<Invitation[]>({ method: 'GET', path: '/family/invitations', ...o }),

  /** POST /family/invitations/{memberId}/accept */
  acceptInvitation: (memberId: string, o: CallOptions = {}) =>
    request<InvitationAnswer>({ method: 'POST', path: `/family/invitations/${enc(memberId)}/accept`, ...o }),

  /** POST /family/invitations/{memberId}/decline */
  declineInvitation: (memberId: string, o: CallOptions = {}) =>
    request<InvitationAnswer>({ method: 'POST', path: `/family/invitations/${enc(memberId)}/decline`, ...o }),

  /** DELETE /family/members/{memberId} → 204 */
  unbind: (memberId: string, o: CallOptions = {}) =>
    request<null>({ method: 'DELETE', path: `/family/members/${enc(memberId)}`, ...o }),

  /** GET /products */
  products: (o: CallOptions = {}) =>
    request<Product[]>({ method: 'GET', path: '/products', ...o }),

  /** POST /eligibility {productId, insured} */
  eligibility: (body: { productId: string; insured: string[] }, o: CallOptions = {}) =>
    request<Eligibility>({ method: 'POST', path: '/eligibility', body, ...o }),

  /** POST /orders with Idempotency-Key */
  createOrder: (
    body: { productId: string; insured: string[]; payMethod: PayMethod },
    idempotencyKey: string,
    o: CallOptions = {},
  ) =>
    request<Order>({
      method: 'POST',
      path: '/orders',
      body,
      headers: { 'Idempotency-Key': idempotencyKey },
      ...o,
    }),

  /** GET /orders */
  orders: (o: CallOptions = {}) =>
    request<Order[]>({ method: 'GET', path: '/orders', ...o }),

  /** GET /orders/{orderId} */
  order: (orderId: string, o: CallOptions = {}) =>
    request<Order>({ method: 'GET', path: `/orders/${enc(orderId)}`, ...o }),

  /** POST /orders/{orderId}/payment → how to pay a self-pay order (sandbox cashier or WeChat Pay, #14) */
  startPayment: (orderId: string, o: CallOptions = {}) =>
    request<PaymentSession>({ method: 'POST', path: `/orders/${enc(orderId)}/payment`, ...o }),

  /** POST /orders/{orderId}/payment/confirm with Idempotency-Key → the PAID order (#14) */
  confirmPayment: (orderId: string, idempotencyKey: string, o: CallOptions = {}) =>
    request<Order>({ method: 'POST', path: `/orders/${enc(orderId)}/payment/confirm`, headers: { 'Idempotency-Key': idempotencyKey }, ...o }),

  /** POST /orders/{orderId}/cancel → the CANCELLED (or already closed) order (#14) */
  cancelOrder: (orderId: string, o: CallOptions = {}) =>
    request<Order>({ method: 'POST', path: `/orders/${enc(orderId)}/cancel`, ...o }),

  /** POST /qrcodes {personId} → 201 {token, expiresAt} */
  createQr: (personId: string, o: CallOptions = {}) =>
    request<QrToken>({ method: 'POST', path: '/qrcodes', body: { personId }, ...o }),

  /** GET /qrcodes/current?personId → what became of the latest code I fetched for that person (#14 finding 7) */
  qrStatus: (personId: string, o: CallOptions = {}) => request<QrStatus>({ method: 'GET', path: `/qrcodes/current?personId=${enc(personId)}`, ...o }),

  /** GET /account/ledger?limit&before → {entries, nextBefore?}: newest first, keyset paging (P-SET-7) */
  ledger: (q: { limit?: number; before?: string } = {}, o: CallOptions = {}) => {
    const params = [q.limit !== undefined ? `limit=${q.limit}` : '', q.before ? `before=${enc(q.before)}` : ''].filter(Boolean).join('&')
    return request<LedgerPage>({ method: 'GET', path: `/account/ledger${params ? `?${params}` : ''}`, ...o })
  },

  /** GET /settlements: bills where I was the patient or paid a family part (P-SET-7) */
  settlements: (o: CallOptions = {}) => request<CitizenSettlement[]>({ method: 'GET', path: '/settlements', ...o }),

  /** GET /family/memberships: the networks I joined (leave with DELETE /family/members/{memberId}) */
  memberships: (o: CallOptions = {}) => request<Membership[]>({ method: 'GET', path: '/family/memberships', ...o }),

  /** GET /notices (works signed in or not) */
  notices: (o: CallOptions = {}) => request<Notices>({ method: 'GET', path: '/notices', auth: 'optional', ...o }),
}

/** Tests only. */
export function resetApiState(): void {
  refreshing = null
}
