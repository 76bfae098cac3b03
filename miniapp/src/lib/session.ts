import { noteServerToken } from './clock'
import { KEYS, readItem, removeItem, writeItem } from './storage'
import type { TokenPair } from './types'

export interface StoredTokens {
  accessToken: string
  refreshToken: string
  /** client clock, ms */
  expiresAt: number
}

type Listener = (signedIn: boolean) => void
const listeners = new Set<Listener>()
let cache: StoredTokens | null | undefined

export function getTokens(): StoredTokens | null {
  if (cache === undefined) {
    const t = readItem<StoredTokens>(KEYS.tokens)
    cache = t && typeof t.accessToken === 'string' && typeof t.refreshToken === 'string' ? t : null
  }
  return cache
}

export function isSignedIn(): boolean {
  return getTokens() !== null
}

/** Stores a token pair; `signIn` (a new sign-in, maybe another account) always notifies. */
export function saveTokens(pair: TokenPair, { signIn = false }: { signIn?: boolean } = {}): void {
  const tokens: StoredTokens = {
    accessToken: pair.accessToken,
    refreshToken: pair.refreshToken,
    expiresAt: Date.now() + Math.max(0, Number(pair.expiresIn) || 0) * 1000,
  }
  noteServerToken(pair.accessToken)
  const was = cache != null
  cache = tokens
  writeItem(KEYS.tokens, tokens)
  if (!was || signIn) listeners.forEach((l) => l(true))
}

export function clearTokens(): void {
  const was = getTokens() !== null
  cache = null
  removeItem(KEYS.tokens)
  if (was) listeners.forEach((l) => l(false))
}

export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** Tests only: forget the in-memory copy so the next read goes to storage. */
export function resetSessionCache(): void {
  cache = undefined
}
