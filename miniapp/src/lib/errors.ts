import { ERROR_MESSAGES, FIELD_REASONS, REASONS } from './shared'
import { dateTime } from './format'
import type { Reason } from './types'

/** Codes the client itself produces (never sent by the BFF). */
export const CLIENT_CODES = {
  NETWORK_ERROR: '网络连接失败，请检查网络后重试',
  CANCELLED: '请求已取消',
  BAD_RESPONSE: '服务返回的数据有误，请稍后再试',
  UNKNOWN: '操作未成功，请稍后再试',
} as const

/** A contract error `{"error":{code,message,reasons?,resumesAt?}}` or a client-side failure. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  /** The BFF's Chinese message, if any. */
  readonly serverMessage?: string
  readonly reasons: Reason[]
  readonly resumesAt?: string
  /** OPEN_OBLIGATIONS (DELETE /me): the orders and settlements still open. */
  readonly open?: { orders: string[]; settlements: string[] }
  /** From a Retry-After header (seconds), when the BFF sends one (429). */
  readonly retryAfterSeconds?: number
  /** REAL_NAME_MISMATCH: attempts left before the 24-hour lock (P-ID-6, #14 finding 12). */
  readonly remainingAttempts?: number
  /** The time (client clock) the error was received: to turn Retry-After into a time. */
  readonly receivedAt: number

  constructor(init: {
    status: number
    code: string
    message?: string
    reasons?: Reason[]
    resumesAt?: string
    open?: { orders: string[]; settlements: string[] }
    retryAfterSeconds?: number
    remainingAttempts?: number
    /** For developers only (logs, test output): never shown to a citizen. */
    detail?: string
  }) {
    super(init.detail ?? init.message ?? init.code)
    this.name = 'ApiError'
    this.status = init.status
    this.code = init.code
    this.serverMessage = init.message
    this.reasons = init.reasons ?? []
    this.resumesAt = init.resumesAt
    this.open = init.open
    this.retryAfterSeconds = init.retryAfterSeconds
    if (init.remainingAttempts !== undefined) this.remainingAttempts = init.remainingAttempts
    this.receivedAt = Date.now()
  }

  get isNetwork(): boolean {
    return this.code === 'NETWORK_ERROR'
  }

  get isCancelled(): boolean {
    return this.code === 'CANCELLED'
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError
}

export function isCancelled(e: unknown): boolean {
  return e instanceof ApiError && e.code === 'CANCELLED'
}

/** A lookup a page can do without (names, labels): null when it fails, still cancelled when cancelled. */
export function bestEffort<T>(p: Promise<T>): Promise<T | null> {
  return p.catch((e) => {
    if (isCancelled(e)) throw e
    return null
  })
}

const HAN = /[\u4e00-\u9fff]/

/** Chinese text for an error code, whatever its kind. Never the bare code. */
export function codeMessage(code: string): string {
  const table: Record<string, string | undefined> = {
    ...(ERROR_MESSAGES as Record<string, string>),
    ...(FIELD_REASONS as Record<string, string>),
    ...CLIENT_CODES,
  }
  const reason = (REASONS as Record<string, { message: string } | undefined>)[code]
  return table[code] ?? reason?.message ?? CLIENT_CODES.UNKNOWN
}

/** The Chinese text of one reason: the BFF's own message when it is Chinese, else ours. */
export function reasonText(r: Pick<Reason, 'code' | 'message'>): string {
  if (r.message && HAN.test(r.message)) return r.message
  return codeMessage(r.code)
}

/** When a locked/suspended user may try again, as a readable time; undefined if unknown. */
export function retryTime(e: ApiError): string | undefined {
  if (e.resumesAt) return dateTime(e.resumesAt)
  if (typeof e.retryAfterSeconds === 'number' && e.retryAfterSeconds > 0) {
    const at = new Date(e.receivedAt + e.retryAfterSeconds * 1000)
    return dateTime(at.toISOString())
  }
  return undefined
}

/** The sentence a screen shows for an error (never a raw code). */
export function errorText(e: unknown): string {
  if (!(e instanceof ApiError)) return CLIENT_CODES.UNKNOWN
  const base = e.serverMessage && HAN.test(e.serverMessage) ? e.serverMessage : codeMessage(e.code)
  if (e.code === 'SERVICE_SUSPENDED') {
    const when = retryTime(e)
    return when && !base.includes('恢复时间') ? `${base}（预计 ${when} 恢复）` : base
  }
  if (e.code === 'REAL_NAME_LOCKED' || e.code === 'RATE_LIMITED') {
    const when = retryTime(e)
    return when ? `${base}（请于 ${when} 后再试）` : base
  }
  return base
}

/** All reason sentences of an error (NOT_ELIGIBLE / VALIDATION_FAILED), in order. */
export function reasonTexts(e: unknown): string[] {
  if (!(e instanceof ApiError)) return []
  return e.reasons.map(reasonText)
}
