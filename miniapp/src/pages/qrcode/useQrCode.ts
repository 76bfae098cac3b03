import { useDidHide, useDidShow } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import { api } from '../../lib/api'
import { serverNow } from '../../lib/clock'
import { raiseBrightness } from '../../lib/brightness'
import { CancelScope } from '../../lib/cancel'
import { isApiError, isCancelled } from '../../lib/errors'
import { qrDataUrl, validityMs } from '../../lib/qr'
import { refreshDelayMs } from '../../lib/shared'

export interface ShownCode {
  personId: string
  token: string
  dataUrl: string
  /** phone clock, ms */
  receivedAt: number
  expiresAt: number
  refreshAt: number
}

export const NETWORK_RETRY_MS = 5000

/**
 * P-QR-1: POST /qrcodes {personId} → token; shows it, and fetches a fresh one before it
 * expires (refreshDelayMs from shared: 10 s or a quarter of the validity before expiry).
 * Stops while the page is hidden; raises the screen brightness while shown (WeChat).
 */
export function useQrCode(personId: string | null) {
  const [code, setCode] = useState<ShownCode | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [loading, setLoading] = useState(false)
  const timer = useRef<ReturnType<typeof setTimeout>>()
  const generation = useRef(0)
  const scope = useRef(new CancelScope())
  const pidRef = useRef(personId)
  pidRef.current = personId

  const stop = useCallback(() => {
    generation.current += 1
    if (timer.current) clearTimeout(timer.current)
    timer.current = undefined
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
        setCode({ personId: pid, token: r.token, dataUrl: qrDataUrl(r.token), receivedAt, expiresAt, refreshAt })
        setError(null)
        timer.current = setTimeout(() => void fetchCode(pid), Math.max(1000, refreshAt - receivedAt))
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
    [stop],
  )

  // A new person: a new code.
  useEffect(() => {
    setCode(null)
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
    if (!pid || timer.current) return
    void fetchCode(pid)
  })
  useDidHide(() => {
    dim()
    stop()
  })

  const refresh = useCallback(() => {
    if (pidRef.current) void fetchCode(pidRef.current)
  }, [fetchCode])

  return { code, error, loading, refresh }
}
