import Taro from '@tarojs/taro'
import { PropsWithChildren, useEffect } from 'react'
import { usesSandboxLogin } from './lib/auth'
import { ROUTES } from './lib/config'
import { refillRandomPool } from './lib/random'
import { onSessionChange } from './lib/session'
import './app.scss'

// H5: the rem base Taro's pxtransform expects (40px per 750 design px, clamped 20–40 px).
// Taro puts this in an inline <script> in index.html; the BFF's Content-Security-Policy
// (script-src 'self') blocks inline scripts, so it lives in the bundle instead.
if (process.env.TARO_ENV === 'h5' && typeof window !== 'undefined') {
  const fit = () => {
    const el = document.documentElement
    const r = el.getBoundingClientRect()
    const w = Math.min(...[r.width, r.height].filter(Boolean))
    const x = (40 * w) / 750
    el.style.fontSize = `${Math.min(40, Math.max(20, x))}px`
  }
  fit()
  window.addEventListener('resize', () => {
    fit()
    setTimeout(fit, 500)
  })
}

// weapp: random bytes come from wx.getRandomValues, which is asynchronous; fill the pool now.
void refillRandomPool()

function App({ children }: PropsWithChildren) {
  useEffect(
    () =>
      // Signed out (refresh refused, or 退出登录): back to the start.
      onSessionChange((signedIn) => {
        if (signedIn) return
        const url = usesSandboxLogin() ? ROUTES.login : ROUTES.home
        void Taro.reLaunch({ url })
      }),
    [],
  )
  return children
}

export default App
