const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** Random string of [A-Za-z0-9]; crypto when the platform has it (H5), Math.random otherwise. */
export function randomId(length: number): string {
  const bytes = new Uint8Array(length)
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto
  if (c && typeof c.getRandomValues === 'function') c.getRandomValues(bytes)
  else for (let i = 0; i < length; i++) bytes[i] = Math.floor(Math.random() * 256)
  let out = ''
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i] % ALPHABET.length]
  return out
}

/** An Idempotency-Key (API.md: 8–64 of A-Za-z0-9_-). */
export function newIdempotencyKey(): string {
  return `pay-${Date.now().toString(36)}-${randomId(16)}`
}
