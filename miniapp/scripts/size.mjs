// Prints the size of a build. For weapp: main package vs each subpackage, against
// WeChat's 2 MB limit for the main package (and 2 MB per subpackage, 20 MB total).
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const target = process.argv[2] ?? 'weapp'
const dist = path.resolve(here, '..', 'dist', target)
const LIMIT = 2 * 1024 * 1024

function walk(dir) {
  const out = []
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) out.push(...walk(p))
    else out.push({ file: path.relative(dist, p).split(path.sep).join('/'), size: fs.statSync(p).size })
  }
  return out
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`

if (!fs.existsSync(dist)) {
  console.error(`[size] ${dist} does not exist`)
  process.exit(1)
}
const files = walk(dist)
const total = files.reduce((s, f) => s + f.size, 0)

// The development-only contract check (src/lib/contractCheck.ts) and the response schemas of
// @yibao/shared must not reach a production bundle: api.ts loads them behind a NODE_ENV test that
// webpack evaluates at build time. Their texts in a bundle mean that test stopped working.
const DEV_ONLY = ['breaks the contract', 'integer fen']
const leaked = files.filter((f) => /\.js$/.test(f.file) && DEV_ONLY.some((t) => fs.readFileSync(path.join(dist, f.file), 'utf8').includes(t)))
if (leaked.length > 0) {
  console.error(`[size] the development-only contract check reached the bundle: ${leaked.map((f) => f.file).join(', ')}`)
  process.exit(1)
}
// #14 finding 9: a weapp built without SANDBOX_LOGIN holds no sandbox words (src/sandbox-words.test.ts
// checks the sources; this checks what was built). Terser may write Chinese as \uXXXX escapes.
const sandboxBuild = target !== 'weapp' || ['1', 'true', 'yes'].includes(process.env.SANDBOX_LOGIN ?? '')
if (!sandboxBuild) {
  const SANDBOX_WORDS = ['沙箱', '切换账号（测试）', '测试环境', '用户标识（openid）']
  const escaped = (w) => w.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  const forms = SANDBOX_WORDS.flatMap((w) => [w, escaped(w), escaped(w).toUpperCase().replace(/\\U/g, '\\u')])
  const found = files.filter((f) => /\.(js|wxml|json)$/.test(f.file) && forms.some((t) => fs.readFileSync(path.join(dist, f.file), 'utf8').includes(t)))
  if (found.length > 0) {
    console.error(`[size] sandbox sign-in words reached a build without SANDBOX_LOGIN: ${found.map((f) => f.file).join(', ')}`)
    process.exit(1)
  }
}
if (target !== 'weapp') {
  console.log(`[size] ${target}: ${files.length} files, ${kb(total)} in ${path.relative(process.cwd(), dist) || dist}`)
  process.exit(0)
}
const app = JSON.parse(fs.readFileSync(path.join(dist, 'app.json'), 'utf8'))
const roots = (app.subPackages ?? app.subpackages ?? []).map((s) => s.root.replace(/\/?$/, '/'))
// project.config.json and sitemap are tool files, not part of the uploaded code package
const tool = new Set(['project.config.json', 'project.private.config.json'])
const sizes = new Map(roots.map((r) => [r, 0]))
let main = 0
for (const f of files) {
  if (tool.has(f.file)) continue
  const root = roots.find((r) => f.file.startsWith(r))
  if (root) sizes.set(root, sizes.get(root) + f.size)
  else main += f.size
}
const pct = ((main / LIMIT) * 100).toFixed(1)
console.log(`[size] weapp main package: ${kb(main)} (${pct}% of the 2 MB limit)`)
for (const [r, s] of sizes) console.log(`[size] weapp subpackage ${r}: ${kb(s)}`)
console.log(`[size] weapp total: ${kb(total)}`)
if (main > LIMIT) {
  console.error('[size] main package is over the 2 MB limit')
  process.exit(1)
}
