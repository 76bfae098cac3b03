// npm run check:weapp: checks miniapp/dist/weapp (run `npm run build:weapp` first) the way WeChat
// would, offline, on Linux (WeChat DevTools does not run here). Issue 15.
//  1. static rules: every page's .js/.json/.wxml/.wxss, subpackage roots, tab-bar icons <= 40 KB,
//     main package <= 2 MB and our own code <= 500 KB, no eval(/new Function (bar webpack's
//     guarded global lookup), ES5 syntax in every bundle (acorn, ecmaVersion 5);
//  2. Tencent's own compilers (npm miniprogram-compiler): wcc on every .wxml/.wxs and wcsc on every
//     .wxss, their output evaluated in a vm context that has `window` and `navigator`; and
//     miniprogram-ci's local compile (getCompiledResult, offline; scripts/mpci-compile.cjs);
//  3. an app-service simulation: app.js and its chunks in a vm context with a stubbed `wx`, no
//     browser globals, no code generation from strings (WeChat forbids eval/new Function);
//     App(), Component(), every page's Page() with onLoad/onShow/onReady and setData, each
//     setData rendered through the wcc output; then again with BigInt and globalThis deleted
//     (iOS JavaScriptCore before 12.2/14, which our elderly users' phones run).
// Ends with "N passed, M failed"; exits 1 on any failure.
import fs from 'node:fs'
import path from 'node:path'
import vm from 'node:vm'
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const acorn = require('acorn')
const here = path.dirname(fileURLToPath(import.meta.url))
const distArg = process.argv.indexOf('--dist')
const dist = distArg > 0 ? path.resolve(process.argv[distArg + 1]) : path.resolve(here, '..', 'dist', 'weapp')

let passed = 0
let failed = 0
function check(name, fn) {
  try {
    const detail = fn()
    passed++
    console.log(`  ok   ${name}${detail ? ` (${detail})` : ''}`)
  } catch (e) {
    failed++
    console.log(`  FAIL ${name}: ${e && e.message ? e.message.split('\n')[0] : e}`)
  }
}
async function checkAsync(name, fn) {
  try {
    const detail = await fn()
    passed++
    console.log(`  ok   ${name}${detail ? ` (${detail})` : ''}`)
  } catch (e) {
    failed++
    console.log(`  FAIL ${name}: ${e && e.stack ? e.stack.split('\n').slice(0, 3).join(' | ') : e}`)
  }
}
const assert = (cond, msg) => {
  if (!cond) throw new Error(msg)
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`

if (!fs.existsSync(path.join(dist, 'app.json'))) {
  console.error(`[check:weapp] ${dist}/app.json is missing: run npm run build:weapp first`)
  process.exit(1)
}

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]))
}
const files = walk(dist).map((f) => path.relative(dist, f).split(path.sep).join('/'))
const read = (f) => fs.readFileSync(path.join(dist, f), 'utf8')
const app = JSON.parse(read('app.json'))
const subPackages = app.subPackages ?? app.subpackages ?? []
const roots = subPackages.map((s) => s.root.replace(/\/?$/, '/'))
const pages = [...app.pages, ...subPackages.flatMap((s) => s.pages.map((p) => `${s.root.replace(/\/$/, '')}/${p}`))]
const jsFiles = files.filter((f) => f.endsWith('.js'))

// ---------------------------------------------------------------- 1. static rules
console.log('[check:weapp] static rules')
for (const p of pages) {
  // WeChat requires a page's .js and .wxml; Taro always writes .json; a .wxss is optional (Taro
  // leaves it out when the page's styles went to app.wxss/common.wxss, as for the main package)
  check(`page ${p} has .js/.json/.wxml${files.includes(`${p}.wxss`) ? '/.wxss' : ' (styles from app.wxss)'}`, () => {
    const missing = ['js', 'json', 'wxml'].filter((x) => !files.includes(`${p}.${x}`))
    assert(missing.length === 0, `missing ${missing.join(', ')}`)
    JSON.parse(read(`${p}.json`))
  })
}
check('subpackage roots exist and hold their pages', () => {
  for (const r of roots) assert(files.some((f) => f.startsWith(r)), `no files under ${r}`)
  return `${roots.length} roots`
})
check('tab-bar icons exist and are <= 40 KB', () => {
  const icons = (app.tabBar?.list ?? []).flatMap((t) => [t.iconPath, t.selectedIconPath]).filter(Boolean)
  for (const i of icons) {
    assert(files.includes(i), `${i} missing`)
    const size = fs.statSync(path.join(dist, i)).size
    assert(size <= 40 * 1024, `${i} is ${kb(size)}`)
  }
  return `${icons.length} icons`
})
const tool = new Set(['project.config.json', 'project.private.config.json'])
const mainFiles = files.filter((f) => !tool.has(f) && !roots.some((r) => f.startsWith(r)))
const size = (list) => list.reduce((s, f) => s + fs.statSync(path.join(dist, f)).size, 0)
const mainSize = size(mainFiles)
check('main package <= 2 MB', () => {
  assert(mainSize <= 2 * 1024 * 1024, `main package is ${kb(mainSize)}`)
  return kb(mainSize)
})
for (const r of roots) {
  check(`subpackage ${r} <= 2 MB`, () => {
    const s = size(files.filter((f) => f.startsWith(r)))
    assert(s <= 2 * 1024 * 1024, `${kb(s)}`)
    return kb(s)
  })
}
// "our own": the main package without the framework chunks (React, Taro runtime, webpack runtime)
const FRAMEWORK = new Set(['vendors.js', 'taro.js', 'runtime.js', 'vendors.js.LICENSE.txt', 'app.js.LICENSE.txt'])
check('our own code in the main package <= 500 KB', () => {
  const own = size(mainFiles.filter((f) => !FRAMEWORK.has(f)))
  assert(own <= 500 * 1024, `our own code is ${kb(own)}`)
  return kb(own)
})
// webpack's __webpack_require__.g: `typeof globalThis` first, then `this` (the global in sloppy
// mode), `new Function("return this")` only as a guarded last resort that never runs in WeChat
const WEBPACK_GLOBAL = 'try{return this||new Function("return this")()}'
for (const f of jsFiles) {
  check(`${f}: ES5 syntax, no eval(/new Function, no unguarded browser global`, () => {
    const src = read(f)
    try {
      acorn.parse(src, { ecmaVersion: 5, sourceType: 'script', allowReserved: true })
    } catch (e) {
      const at = e.pos ?? 0
      throw new Error(`not ES5: ${e.message} near «${src.slice(Math.max(0, at - 40), at + 40)}»`)
    }
    const body = src.split(WEBPACK_GLOBAL).join('')
    assert(!/(^|[^.\w$])eval\s*\(/.test(body), 'calls eval(')
    assert(!/new\s+Function\s*\(/.test(body), 'uses new Function')
    // a bare `window.`/`document.`/`navigator.` read without a typeof guard throws in the app service
    const bare = /(^|[^.\w$"'])(window|document|navigator|globalThis)\s*\.\s*\w+/g
    let m
    while ((m = bare.exec(body))) {
      const before = body.slice(Math.max(0, m.index - 200), m.index)
      if (!new RegExp(`typeof ${m[2]}`).test(before)) throw new Error(`unguarded ${m[2]}: «${body.slice(Math.max(0, m.index - 30), m.index + 40)}»`)
    }
  })
}

// ---------------------------------------------------------------- 2. wcc / wcsc
console.log('[check:weapp] Tencent compilers (miniprogram-compiler: wcc, wcsc; miniprogram-ci)')
let gwx = null
let compiler = null
try {
  compiler = require('miniprogram-compiler')
} catch (e) {
  check('miniprogram-compiler installs', () => {
    throw e
  })
}
if (compiler) {
  check('wcc compiles every .wxml/.wxs', () => {
    const code = compiler.wxmlToJs(dist)
    const ctx = vm.createContext({ window: {}, navigator: { userAgent: 'iPhone' }, console })
    gwx = vm.runInContext(`(function (global) {${code}\n})`, ctx)({})
    assert(typeof gwx === 'function', 'no $gwx')
    return `${files.filter((f) => f.endsWith('.wxml')).length} wxml, ${files.filter((f) => f.endsWith('.wxs')).length} wxs`
  })
  for (const p of pages) {
    check(`wcc: ${p}.wxml has a render function`, () => {
      assert(gwx, 'wcc failed')
      const fn = gwx(`./${p}.wxml`) || gwx(`${p}.wxml`)
      assert(typeof fn === 'function', 'no render function')
      const out = fn({ root: { cn: [], uid: 'root' } }, {}, {})
      assert(out && typeof out === 'object', 'render returned nothing')
    })
  }
  check('wcsc compiles every .wxss', () => {
    const code = compiler.wxssToJs(dist)
    // the render layer (webview) has a DOM: the style functions append <style> elements
    const styles = []
    const el = () => ({ setAttribute() {}, appendChild(c) { styles.push(c) }, insertBefore(c) { styles.push(c) }, childNodes: [], style: {} })
    const document = { createElement: el, createTextNode: (t) => ({ t }), head: el(), body: el(), getElementsByTagName: () => [el()], querySelector: () => null }
    const ctx = vm.createContext({ window: { screen: { width: 375 }, innerWidth: 375, devicePixelRatio: 2 }, navigator: { userAgent: 'iPhone' }, document, __wxAppCode__: {}, console })
    const css = vm.runInContext(`(function () {${code}\n})`, ctx)()
    assert(typeof css === 'function', 'no wxss map')
    const missing = []
    for (const f of ['app', ...pages.filter((p) => files.includes(`${p}.wxss`))]) {
      const entry = css(`./${f}.wxss`) ?? css(`${f}.wxss`)
      if (typeof entry !== 'function') missing.push(f)
      else entry() // the generated style function must run
    }
    assert(missing.length === 0, `no wxss for ${missing.join(', ')}`)
    return `${files.filter((f) => f.endsWith('.wxss')).length} wxss`
  })
}

check('miniprogram-ci getCompiledResult (local compile, offline, dummy key)', () => {
  try {
    require.resolve('miniprogram-ci')
  } catch {
    throw new Error('miniprogram-ci is not installed (npm install)')
  }
  const r = spawnSync(process.execPath, [path.join(here, 'mpci-compile.cjs'), dist], { encoding: 'utf8', timeout: 300_000 })
  const last = (r.stdout || '').trim().split('\n').pop() || ''
  let out
  try {
    out = JSON.parse(last)
  } catch {
    throw new Error(`no result (exit ${r.status}${r.signal ? `, ${r.signal}` : ''}): ${(r.stderr || '').trim().split('\n').pop()}`)
  }
  assert(out.ok, out.error)
  return `${out.files} files in ${out.ms} ms`
})

// ---------------------------------------------------------------- 3. app-service simulation
function setPath(target, key, value) {
  // Taro's setData keys: "root.cn.[0].cn.[2].v" or "root.cn"
  const parts = key.replace(/\[(\d+)\]/g, '$1').split('.').filter(Boolean)
  let o = target
  for (let i = 0; i < parts.length - 1; i++) {
    if (o[parts[i]] === undefined || o[parts[i]] === null || typeof o[parts[i]] !== 'object') o[parts[i]] = /^\d+$/.test(parts[i + 1]) ? [] : {}
    o = o[parts[i]]
  }
  o[parts[parts.length - 1]] = value
}

function makeWx(storage, log) {
  const sysInfo = { platform: 'ios', system: 'iOS 12.5.7', model: 'iPhone 6', version: '8.0.5', SDKVersion: '2.19.4', pixelRatio: 2, screenWidth: 375, screenHeight: 667, windowWidth: 375, windowHeight: 603, statusBarHeight: 20, language: 'zh_CN', fontSizeSetting: 16, safeArea: { top: 20, bottom: 667, left: 0, right: 375, width: 375, height: 647 } }
  const later = (fn) => setTimeout(fn, 0)
  const known = {
    getSystemInfoSync: () => ({ ...sysInfo }),
    getWindowInfo: () => ({ ...sysInfo }),
    getDeviceInfo: () => ({ ...sysInfo }),
    getAppBaseInfo: () => ({ ...sysInfo }),
    getAccountInfoSync: () => ({ miniProgram: { appId: 'wx0000000000000000', envVersion: 'release' } }),
    getMenuButtonBoundingClientRect: () => ({ top: 26, bottom: 58, left: 281, right: 368, width: 87, height: 32 }),
    getLaunchOptionsSync: () => ({ path: 'pages/home/index', query: {}, scene: 1001 }),
    getEnterOptionsSync: () => ({ path: 'pages/home/index', query: {}, scene: 1001 }),
    canIUse: () => true,
    getStorageSync: (k) => (k in storage ? storage[k] : ''),
    setStorageSync: (k, v) => {
      storage[k] = v
    },
    removeStorageSync: (k) => {
      delete storage[k]
    },
    getStorageInfoSync: () => ({ keys: Object.keys(storage), currentSize: 0, limitSize: 10240 }),
    getRandomValues: (o) => later(() => o.success?.({ randomValues: new Uint8Array(o.length).map(() => Math.floor(Math.random() * 256)).buffer })),
    request: (o) => {
      log.requests.push(`${o.method ?? 'GET'} ${o.url}`)
      later(() => {
        o.fail?.({ errMsg: 'request:fail simulated offline' })
        o.complete?.({})
      })
      return { abort() {}, onHeadersReceived() {}, offHeadersReceived() {} }
    },
    nextTick: (fn) => Promise.resolve().then(fn),
    createSelectorQuery: () => {
      const q = { in: () => q, select: () => q, selectAll: () => q, selectViewport: () => q, boundingClientRect: () => q, scrollOffset: () => q, fields: () => q, node: () => q, exec: (cb) => later(() => cb?.([])) }
      return q
    },
    createIntersectionObserver: () => ({ relativeTo() { return this }, relativeToViewport() { return this }, observe() {}, disconnect() {} }),
    onAppShow() {},
    onAppHide() {},
    offAppShow() {},
    offAppHide() {},
    onError() {},
    onMemoryWarning() {},
    onNetworkStatusChange() {},
    onThemeChange() {},
    onWindowResize() {},
    offWindowResize() {},
    getUpdateManager: () => ({ onCheckForUpdate() {}, onUpdateReady() {}, onUpdateFailed() {}, applyUpdate() {} }),
    reportAnalytics() {},
  }
  // every other wx.* API: async ones call success({errMsg}) then complete; returns undefined
  const asyncStub = (name) => (o) => {
    log.apis.add(name)
    if (o && typeof o === 'object') later(() => {
      o.success?.({ errMsg: `${name}:ok` })
      o.complete?.({ errMsg: `${name}:ok` })
    })
  }
  const extra = ['login', 'showToast', 'hideToast', 'showModal', 'showLoading', 'hideLoading', 'navigateTo', 'redirectTo', 'reLaunch', 'switchTab', 'navigateBack', 'setNavigationBarTitle', 'setNavigationBarColor', 'setScreenBrightness', 'getScreenBrightness', 'setKeepScreenOn', 'requestSubscribeMessage', 'showShareMenu', 'hideShareMenu', 'setClipboardData', 'vibrateShort', 'stopPullDownRefresh', 'startPullDownRefresh', 'pageScrollTo', 'setStorage', 'getStorage', 'removeStorage', 'getNetworkType', 'onUserCaptureScreen', 'offUserCaptureScreen', 'setVisualEffectOnCapture', 'getSetting', 'openSetting', 'checkSession', 'showActionSheet', 'makePhoneCall', 'previewImage', 'chooseImage', 'getUserProfile']
  const target = { ...known }
  for (const n of extra) target[n] = asyncStub(n)
  return new Proxy(target, {
    get(t, k) {
      if (k in t) return t[k]
      if (typeof k !== 'string' || k === 'then') return undefined
      if (k === 'webpackJsonp') return undefined
      log.apis.add(k)
      return k.endsWith('Sync') ? () => undefined : asyncStub(k)
    },
  })
}

async function simulate(oldIos) {
  const log = { requests: [], apis: new Set(), setData: 0, renders: 0 }
  const storage = {}
  const registered = { app: null, pages: new Map(), components: [] }
  let currentPage = null
  const stack = []
  const sandbox = {
    console: { log() {}, info() {}, debug() {}, warn() {}, error: (...a) => log.errors?.push(a.map(String).join(' ')) },
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    wx: makeWx(storage, log),
    App: (o) => {
      registered.app = o
    },
    Page: (o) => {
      registered.pages.set(currentPage, o)
    },
    Component: (o) => {
      registered.components.push(o)
    },
    Behavior: (o) => o,
    getApp: () => registered.app,
    getCurrentPages: () => stack.slice(),
    requirePlugin: () => ({}),
    __wxConfig: { envVersion: 'release', platform: 'ios' },
  }
  log.errors = []
  // no eval / new Function, like WeChat's app service
  const ctx = vm.createContext(sandbox, { codeGeneration: { strings: false, wasm: false } })
  for (const g of ['window', 'document', 'navigator', 'location', 'self', 'XMLHttpRequest', 'fetch', 'crypto']) {
    assert(vm.runInContext(`typeof ${g}`, ctx) === 'undefined', `${g} leaked into the app service`)
  }
  if (oldIos) {
    vm.runInContext('delete this.BigInt; delete this.globalThis;', ctx)
    assert(vm.runInContext('typeof BigInt', ctx) === 'undefined' && vm.runInContext('typeof globalThis', ctx) === 'undefined', 'could not delete BigInt/globalThis')
  }
  const loaded = new Set()
  function load(file) {
    const rel = file.endsWith('.js') ? file : `${file}.js`
    if (loaded.has(rel)) return {}
    loaded.add(rel)
    const src = read(rel)
    const module = { exports: {} }
    const fn = vm.runInContext(`(function (require, module, exports) {${src}\n})`, ctx, { filename: rel })
    const localRequire = (p) => load(path.posix.normalize(path.posix.join(path.posix.dirname(rel), p)))
    fn.call(ctx, localRequire, module, module.exports)
    return module.exports
  }
  const settle = async () => {
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 5))
  }
  const render = (page, data) => {
    if (!gwx) return
    const fn = gwx(`./${page}.wxml`) || gwx(`${page}.wxml`)
    fn(data, {}, {})
    log.renders++
  }

  load('app')
  // Taro's shared custom-wrapper component
  if (files.includes('comp.js')) load('comp')
  assert(registered.app, 'App() was not called')
  const appInst = Object.assign(Object.create(registered.app), {})
  Object.setPrototypeOf(appInst, registered.app)
  registered.app.onLaunch?.call(appInst, { path: 'pages/home/index', query: {}, scene: 1001 })
  registered.app.onShow?.call(appInst, { path: 'pages/home/index', query: {}, scene: 1001 })
  sandbox.getApp = () => appInst
  await settle()
  for (const c of registered.components) {
    const inst = { data: { ...(c.data || {}) }, properties: {}, setData(d, cb) { for (const k of Object.keys(d)) setPath(this.data, k, d[k]); cb?.() } }
    const life = c.lifetimes || c
    life.created?.call(inst)
    life.attached?.call(inst)
  }
  const results = []
  for (const p of pages) {
    currentPage = p
    load(p)
    const def = registered.pages.get(p)
    assert(def, `${p}: Page() was not called`)
    const inst = Object.create(def)
    inst.route = p
    inst.__route__ = p
    inst.options = {}
    inst.data = JSON.parse(JSON.stringify(def.data || {}))
    inst.setData = function (d, cb) {
      log.setData++
      for (const k of Object.keys(d)) setPath(this.data, k, d[k])
      render(p, this.data)
      if (cb) setTimeout(cb, 0)
    }
    inst.selectComponent = () => null
    inst.createSelectorQuery = () => sandbox.wx.createSelectorQuery()
    stack.length = 0
    stack.push(inst)
    def.onLoad?.call(inst, {})
    def.onShow?.call(inst)
    await settle()
    def.onReady?.call(inst)
    await settle()
    render(p, inst.data)
    const nodes = JSON.stringify(inst.data).length
    def.onHide?.call(inst)
    def.onUnload?.call(inst)
    await settle()
    results.push(`${p}:${nodes}`)
  }
  return { log, results }
}

console.log('[check:weapp] app-service simulation (stubbed wx, no browser globals, no eval/new Function)')
for (const oldIos of [false, true]) {
  const label = oldIos ? 'old iOS (no BigInt, no globalThis)' : 'current WeChat'
  let sim = null
  await checkAsync(`${label}: App(), Component(), every page's Page() onLoad/onShow/onReady + setData rendered through wcc, without a throw`, async () => {
    const errors = []
    const onErr = (e) => errors.push(e)
    process.on('uncaughtException', onErr)
    process.on('unhandledRejection', onErr)
    try {
      sim = await simulate(oldIos)
    } finally {
      await new Promise((r) => setTimeout(r, 20))
      process.off('uncaughtException', onErr)
      process.off('unhandledRejection', onErr)
    }
    if (errors.length > 0) throw errors[0]
    return `${pages.length} pages, ${sim.log.setData} setData, ${sim.log.renders} wcc renders`
  })
  if (sim) {
    check(`${label}: every page put content into its data (rendered something)`, () => {
      const empty = sim.results.filter((r) => Number(r.split(':')[1]) < 50)
      assert(empty.length === 0, `empty: ${empty.join(', ')}`)
    })
    check(`${label}: no console.error from the app`, () => {
      assert(sim.log.errors.length === 0, sim.log.errors[0])
    })
  }
}

console.log(`[check:weapp] ${passed} passed, ${failed} failed`)
process.exit(failed > 0 ? 1 : 0)
