/**
 * #14 finding 9: "openid", "沙箱登录", "切换账号（测试）" and the like reach only builds with
 * SANDBOX_LOGIN. The words live in one module, components/SandboxOnly.tsx, which is loaded only
 * behind `__SANDBOX_LOGIN__ ? require(…) : null`: webpack replaces the constant when it builds
 * (config/index.ts defineConstants) and leaves the module out of a build without it.
 * scripts/size.mjs checks the built files as well.
 */
import fs from 'node:fs'
import path from 'node:path'

/** What a citizen must never read in a real WeChat build (also in scripts/size.mjs). */
export const SANDBOX_WORDS = ['沙箱', 'openid', '切换账号（测试）', '测试环境']
const SANDBOX_MODULE = 'components/SandboxOnly.tsx'

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) return sources(p)
    return /\.(ts|tsx)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : []
  })
}

/** The code a bundle holds: comments dropped (they never reach it). */
function code(file: string): string {
  return fs
    .readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1')
}

const root = __dirname
const files = sources(root).map((f) => ({ rel: path.relative(root, f).split(path.sep).join('/'), text: code(f) }))

describe('#14 finding 9: sandbox words only in SANDBOX_LOGIN builds', () => {
  it('no visible sandbox word outside components/SandboxOnly.tsx (identifiers such as KEYS.openid aside)', () => {
    const offenders: string[] = []
    for (const f of files) {
      if (f.rel === SANDBOX_MODULE) continue
      // only text a citizen could read: string literals and JSX text (Chinese words), plus the
      // word openid inside a Chinese string
      const literals = f.text.match(/'[^'\n]*'|"[^"\n]*"|`[^`]*`|>[^<>{}]*</g) ?? []
      for (const lit of literals) {
        for (const w of SANDBOX_WORDS) {
          if (!lit.includes(w)) continue
          if (w === 'openid' && !/[\u4e00-\u9fff]/.test(lit)) continue // a storage key or a log, never shown
          offenders.push(`${f.rel}: ${lit.trim()}`)
        }
      }
    }
    expect(offenders).toEqual([])
  })

  it('the module is loaded only behind the build constant, never by a plain import', () => {
    // the words are where this test says they are (else the first test proves nothing)
    const module = files.find((f) => f.rel === SANDBOX_MODULE)!
    for (const w of SANDBOX_WORDS) expect(module.text).toContain(w)
    const users = files.filter((f) => f.rel !== SANDBOX_MODULE && f.text.includes('SandboxOnly'))
    expect(users.map((f) => f.rel).sort()).toEqual(['pages/login/index.tsx', 'pages/mine/index.tsx'])
    for (const f of users) {
      expect(f.text).not.toMatch(/import[^;]*from\s+'[^']*SandboxOnly'/)
      expect(f.text).toMatch(/=\s*__SANDBOX_LOGIN__\s*\?\s*require\('[^']*\/SandboxOnly'\)\s*:\s*null/)
    }
  })

  it('config/index.ts: __SANDBOX_LOGIN__ is true for H5 and for weapp only with SANDBOX_LOGIN', () => {
    const config = fs.readFileSync(path.join(root, '..', 'config', 'index.ts'), 'utf8')
    expect(config).toMatch(/const sandboxLogin = isH5 \|\| truthy\(process\.env\.SANDBOX_LOGIN\)/)
    expect(config).toMatch(/__SANDBOX_LOGIN__: JSON\.stringify\(sandboxLogin\)/)
  })
})
