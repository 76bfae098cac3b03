/**
 * Sign-in. On WeChat (weapp) the code comes from Taro.login(); in H5, and on weapp when
 * built with SANDBOX_LOGIN=1, the 登录 page sends "sandbox:<openid>" — by default a
 * random openid kept on the device, or one typed in (to simulate several people).
 */
import Taro from '@tarojs/taro'
import { api, CallOptions } from './api'
import { isWeapp, ROUTES, sandboxLoginFlag } from './config'
import { randomId } from './random'
import { clearTokens, getTokens, saveTokens } from './session'
import { KEYS, readItem, removeItem, writeItem } from './storage'

export const OPENID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/

/** true when sign-in goes through the sandbox openid page rather than WeChat. */
export function usesSandboxLogin(): boolean {
  return sandboxLoginFlag() || !isWeapp()
}

/** The device's sandbox openid: created once at random, then kept in storage. */
export function deviceOpenid(): string {
  const stored = readItem<string>(KEYS.openid)
  if (typeof stored === 'string' && OPENID_PATTERN.test(stored)) return stored
  const fresh = `u_${randomId(14)}`
  writeItem(KEYS.openid, fresh)
  return fresh
}

export function newRandomOpenid(): string {
  return `u_${randomId(14)}`
}

/** POST /auth/login {code:"sandbox:<openid>"}; remembers the openid for next time. */
export async function signInWithOpenid(openid: string, o: CallOptions = {}): Promise<void> {
  const id = openid.trim()
  if (!OPENID_PATTERN.test(id)) throw new Error('OPENID_INVALID')
  const pair = await api.login(`sandbox:${id}`, o)
  writeItem(KEYS.openid, id)
  removeItem(KEYS.pendingOrder) // a pending payment belongs to the previous account
  saveTokens(pair, { signIn: true })
}

/** Taro.login() → POST /auth/login {code}. */
export async function signInWithWeChat(o: CallOptions = {}): Promise<void> {
  const { code } = await Taro.login()
  if (!code) throw new Error('WX_LOGIN_FAILED')
  const pair = await api.login(code, o)
  removeItem(KEYS.pendingOrder)
  saveTokens(pair, { signIn: true })
}

/**
 * 退出登录: signed out on the device at once; the BFF is told to revoke the sign-in (its tokens
 * stop working on every server), best effort — offline, the tokens simply expire.
 */
export function signOut(): void {
  if (getTokens()) void api.logout().catch(() => undefined) // takes the token before it is cleared
  clearTokens()
}

/** Opens the 登录 page (it offers the sandbox form or the WeChat button). */
export function openSignIn(): void {
  void Taro.navigateTo({ url: ROUTES.login }).catch(() => Taro.reLaunch({ url: ROUTES.login }))
}
