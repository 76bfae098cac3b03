import { useDidHide, useDidShow } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import { api } from '../../lib/api'
import { serverNow } from '../../lib/clock'
import { raiseBrightness } from '../../lib/brightness'
import { CancelScope } from '../../lib/cancel'
import { isApiError, isCancelled } from '../../lib/errors'
import { qrDataUrl, validityMs } from '../../lib/qr'
import { refreshDelayMs } from '../../lib/shared'
import type { QrStatus } from '../../lib/types'

export interface ShownCode {
  personId: string
  token: string
  dataUrl: string
  /** phone clock, ms */
  receivedAt: number
  expiresAt: number
  refreshAt: number
  /** the BFF's expiresAt as it answered it: GET /qrcodes/current names the code by it */
  serverExpiresAt: string
}

/** #14 finding 7: the code on screen was checked in at a hospital (and, once settled, its bills). */
export interface UsedCode {
  personId: string
  checkIn: NonNullable<QrStatus['checkIn']>
  settlements: NonNullable<QrStatus['settlements']>
}

export const NETWORK_RETRY_MS = 5000
/** #14 finding 7: how often the phone asks what became of the code it shows (check-in seen within 2 s) */
export const STATUS_POLL_MS = 1000
/** after the check-in: how often it asks for the bills (settled at the desk a few minutes later) */
export const SETTLEMENT_POLL_MS = 3000

/**
 * P-QR-1: POST /qrcodes {personId} → token; shows it, and fetches a fresh one before it
 * expires (refreshDelayMs from shared: 10 s or a quarter of the validity before expiry).
 * Stops while the page is hidden; raises the screen brightness while shown (WeChat).
 * #14 finding 7: while a code is shown it asks GET /qrcodes/current every second; once the
 * hospital has checked it in, the code is taken off the screen (`used`: where and when, then the
 * bills) and no fresh one is fetched until the citizen asks; an expired or void one is replaced.
 */
export function useQrCode(personId: string | null) {
  const [code, setCode] = useState<ShownCode | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [loading, setLoading] = useState(false)
  const [used, setUsed] = useState<UsedCode | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout>>()
  const pollTimer = useRef<ReturnType<typeof setTimeout>>()
  const shown = useRef<ShownCode | null>(null)
  const generation = useRef(0)
  const scope = useRef(new CancelScope())
  const pidRef = useRef(personId)
  pidRef.current = personId

  const stop = useCallback(() => {
    generation.current += 1
    if (timer.current) clearTimeout(timer.current)
    timer.current = undefined
    if (pollTimer.current) clearTimeout(pollTimer.current)
    pollTimer.current = undefined
  }, [])

  const fetchRef = useRef<(pid: string) => Promise<void>>()

  /** One question to GET /qrcodes/current about the code on screen, then the next one. */
  const poll = useCallback(async (pid: string, g: number) => {
    pollTimer.current = undefined
    const current = shown.current
    if (!current || current.personId !== pid) return
    let next = STATUS_POLL_MS
    try {
      const st = await api.qrStatus(pid, { scope: scope.current })
      if (g !== generation.current) return
      // an answer about another code (fetched a moment before or after) says nothing about this one
      if (st.expiresAt === current.serverExpiresAt) {
        if (st.status === 'USED' && st.checkIn) {
          // taken off the screen at once; no fresh code until the citizen asks for one
          if (timer.current) clearTimeout(timer.current)
          timer.current = undefined
          setUsed({ personId: pid, checkIn: st.checkIn, settlements: st.settlements ?? [] })
          next = SETTLEMENT_POLL_MS
        } else if (st.status !== 'VALID') {
          // expired or void on the server: never shown as valid
          void fetchRef.current?.(pid)
          return
        }
      }
    } catch (e) {
      if (g !== generation.current || isCancelled(e)) return
      // P-QR-3: no longer one's to show (the binding ended): stop
      if (isApiError(e) && (e.status === 403 || e.status === 404)) return
    }
    if (g === generation.current) pollTimer.current = setTimeout(() => void poll(pid, g), next)
  }, [])

  const fetchCode = useCallback(
    async (pid: string) => {
      stop()
      const g = generation.current
      setLoading(true)
      try {
        const r = await api.createQr(pid, { scope: scope.current })
        if (g !== generation.current) return
        const receivedAt = Date.now()
        const expiresAt = receivedAt + validityMs(r.token, r.expiresAt, serverNow())
        const refreshAt = receivedAt + refreshDelayMs(new Date(receivedAt), new Date(expiresAt))
        const next: ShownCode = { personId: pid, token: r.token, dataUrl: qrDataUrl(r.token), receivedAt, expiresAt, refreshAt, serverExpiresAt: r.expiresAt }
        shown.current = next
        setCode(next)
        setUsed(null)
        setError(null)
        timer.current = setTimeout(() => void fetchCode(pid), Math.max(1000, refreshAt - receivedAt))
        pollTimer.current = setTimeout(() => void poll(pid, g), STATUS_POLL_MS)
      } catch (e) {
        if (g !== generation.current || isCancelled(e)) return
        setError(e)
        // Offline: keep trying quietly; the old code stays up only while it is still valid.
        if (isApiError(e) && (e.isNetwork || e.status >= 500)) {
          timer.current = setTimeout(() => void fetchCode(pid), NETWORK_RETRY_MS)
        }
      } finally {
        if (g === generation.current) setLoading(false)
      }
    },
    [stop, poll],
  )
  fetchRef.current = fetchCode

  // A new person: a new code.
  useEffect(() => {
    setCode(null)
    setUsed(null)
    shown.current = null
    setError(null)
    if (personId) void fetchCode(personId)
    return stop
  }, [personId, fetchCode, stop])

  // Brightness up while the page is on screen.
  const restore = useRef<(() => void) | null>(null)
  const brighten = useCallback(() => {
    if (restore.current) return
    restore.current = () => {}
    void raiseBrightness().then((r) => {
      if (restore.current) restore.current = r
      else r()
    })
  }, [])
  const dim = useCallback(() => {
    const r = restore.current
    restore.current = null
    r?.()
  }, [])

  useEffect(() => {
    brighten()
    const s = scope.current
    return () => {
      dim()
      stop()
      s.cancel()
    }
  }, [brighten, dim, stop])

  useDidShow(() => {
    brighten()
    const pid = pidRef.current
    if (!pid || timer.current || pollTimer.current) return
    void fetchCode(pid)
  })
  useDidHide(() => {
    dim()
    stop()
  })

  const refresh = useCallback(() => {
    if (pidRef.current) void fetchCode(pidRef.current)
  }, [fetchCode])

  return { code, error, loading, refresh, used: used && used.personId === personId ? used : null }
}
