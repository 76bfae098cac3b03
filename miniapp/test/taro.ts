/**
 * Stand-in for @tarojs/taro in jest: storage in memory, navigation/modal/brightness as
 * jest.fn()s, page show/hide hooks driven by the test (showPage/hidePage), and
 * Taro.request served by whatever handler the test installs (normally the fake BFF).
 */
import { useEffect, useRef } from 'react'

export interface RequestOption {
  url: string
  method?: string
  data?: unknown
  header?: Record<string, string>
}
export interface RequestResult {
  statusCode: number
  data: unknown
  header: Record<string, string>
}
type Handler = (opts: RequestOption) => Promise<RequestResult>

const storage = new Map<string, string>()
let handler: Handler = () => Promise.reject({ errMsg: 'request:fail no handler installed' })

export function setRequestHandler(h: Handler): void {
  handler = h
}

const showListeners = new Set<() => void>()
const hideListeners = new Set<() => void>()
const bottomListeners = new Set<() => void>()

/** The page is shown again (tab switch back, navigateBack). */
export function showPage(): void {
  showListeners.forEach((l) => l())
}
export function hidePage(): void {
  hideListeners.forEach((l) => l())
}

function useLifecycle(set: Set<() => void>, cb: () => void) {
  const ref = useRef(cb)
  ref.current = cb
  useEffect(() => {
    const l = () => ref.current()
    set.add(l)
    return () => {
      set.delete(l)
    }
  }, [set])
}

/** Like Taro: called on the first show too (right after mount). */
export function useDidShow(cb: () => void): void {
  useLifecycle(showListeners, cb)
  useEffect(() => {
    cb()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])
}
export function useDidHide(cb: () => void): void {
  useLifecycle(hideListeners, cb)
}
/** The page was scrolled to its bottom (onReachBottom). */
export function reachBottom(): void {
  bottomListeners.forEach((l) => l())
}
export function useReachBottom(cb: () => void): void {
  useLifecycle(bottomListeners, cb)
}
let routerParams: Record<string, string> = {}
/** The query the current page was opened with (useRouter().params). */
export function setRouterParams(params: Record<string, string>): void {
  routerParams = params
}
export function useRouter() {
  return { params: routerParams, path: '' }
}

type ShareEvent = { from: 'button' | 'menu'; target?: { dataset?: Record<string, string> } }
let shareHandler: ((res: ShareEvent) => unknown) | null = null
/** Like Taro's: the page's answer when the user shares it (a share button or the ··· menu). */
export function useShareAppMessage(cb: (res: ShareEvent) => unknown): void {
  shareHandler = cb
}
/** What the page would share now, as WeChat asks it (null: it does not offer sharing). */
export function shareNow(res: ShareEvent = { from: 'menu' }): unknown {
  return shareHandler ? shareHandler(res) : null
}

const ok = () => Promise.resolve({ errMsg: 'ok' })

const Taro = {
  getStorageSync: (key: string): unknown => (storage.has(key) ? JSON.parse(storage.get(key)!) : ''),
  setStorageSync: (key: string, value: unknown): void => {
    storage.set(key, JSON.stringify(value))
  },
  removeStorageSync: (key: string): void => {
    storage.delete(key)
  },
  clearStorageSync: (): void => storage.clear(),
  request: jest.fn((opts: RequestOption) => {
    const p = handler(opts) as Promise<RequestResult> & { abort?: () => void }
    p.abort = jest.fn()
    return p
  }),
  login: jest.fn(() => Promise.resolve({ code: 'wx-code-1', errMsg: 'login:ok' })),
  requestSubscribeMessage: jest.fn((_o: { tmplIds: string[] }) => Promise.resolve({ errMsg: 'requestSubscribeMessage:ok' })),
  showModal: jest.fn((_o: Record<string, unknown>) => Promise.resolve({ confirm: true, cancel: false })),
  showToast: jest.fn(ok),
  setClipboardData: jest.fn((_o: { data: string }) => ok()),
  navigateTo: jest.fn((_o: { url: string }) => ok()),
  redirectTo: jest.fn((_o: { url: string }) => ok()),
  switchTab: jest.fn((_o: { url: string }) => ok()),
  reLaunch: jest.fn((_o: { url: string }) => ok()),
  navigateBack: jest.fn(ok),
  getScreenBrightness: jest.fn(() => Promise.resolve({ value: 0.4 })),
  setScreenBrightness: jest.fn((_o: { value: number }) => ok()),
  setKeepScreenOn: jest.fn((_o: { keepScreenOn: boolean }) => ok()),
  setTabBarBadge: jest.fn((_o: { index: number; text: string }) => ok()),
  removeTabBarBadge: jest.fn((_o: { index: number }) => ok()),
  useDidShow,
  useDidHide,
  useReachBottom,
  useRouter,
  useShareAppMessage,
}

/** Fresh state for each test (storage emptied, mocks cleared). */
export function resetTaro(): void {
  storage.clear()
  routerParams = {}
  shareHandler = null
  showListeners.clear()
  hideListeners.clear()
  bottomListeners.clear()
  handler = () => Promise.reject({ errMsg: 'request:fail no handler installed' })
  for (const v of Object.values(Taro)) {
    if (typeof v === 'function' && 'mockClear' in v) (v as jest.Mock).mockClear()
  }
  Taro.showModal.mockImplementation(() => Promise.resolve({ confirm: true, cancel: false }))
}

export default Taro
