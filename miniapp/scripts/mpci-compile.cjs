// Tencent's miniprogram-ci local compile (getCompiledResult) of a built weapp, offline: the
// project's `attr` (normally fetched from WeChat's servers with the upload key) is stubbed with
// ci.DefaultProjectAttr, and the key is a throwaway RSA key (nothing is uploaded). WeChat's
// white-list look-up fails offline and is logged; the compile does not need it. getCompiledResult
// leaves handles open on success, so this exits explicitly. Prints one JSON line last:
// {"ok":true,"files":N,"ms":T} or {"ok":false,"error":"..."}. Used by check-weapp.mjs.
const crypto = require('node:crypto')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const dist = path.resolve(process.argv[2])
const done = (o) => {
  process.stdout.write(`\n${JSON.stringify(o)}\n`, () => process.exit(o.ok ? 0 : 1))
}
;(async () => {
  const ci = require('miniprogram-ci')
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yibao-mpci-'))
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 })
  const keyPath = path.join(tmp, 'dummy.key')
  fs.writeFileSync(keyPath, privateKey.export({ type: 'pkcs1', format: 'pem' }))
  const project = new ci.Project({ appid: 'wx0000000000000000', type: 'miniProgram', projectPath: dist, privateKeyPath: keyPath, ignores: ['node_modules/**/*'] })
  project.attr = async () => ci.DefaultProjectAttr
  const t = Date.now()
  const res = await ci.getCompiledResult({ project, setting: { es6: false, minify: false }, onProgressUpdate: () => {} }, path.join(tmp, 'out'))
  const app = JSON.parse(fs.readFileSync(path.join(dist, 'app.json'), 'utf8'))
  const pages = [...app.pages, ...(app.subPackages || []).flatMap((s) => s.pages.map((p) => `${s.root.replace(/\/$/, '')}/${p}`))]
  const missing = pages.flatMap((p) => ['js', 'wxml', 'json'].map((x) => `${p}.${x}`)).filter((f) => typeof res[f] !== 'string')
  fs.rmSync(tmp, { recursive: true, force: true })
  if (missing.length > 0) return done({ ok: false, error: `compiled result lacks ${missing.join(', ')}` })
  done({ ok: true, files: Object.keys(res).length, ms: Date.now() - t })
})().catch((e) => done({ ok: false, error: String((e && (e.message || e)) || e).split('\n')[0] }))
