// npm run build:weapp [-- --release]: taro build --type weapp, then the size report.
// With --release (or NODE_ENV=production set by the caller) the build first refuses settings a
// phone cannot use: see config/release-guard.js.
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(here, '..')
const require = createRequire(import.meta.url)
const { releaseProblems } = require('../config/release-guard.js')

const args = process.argv.slice(2)
// npm_config_release: `npm run build:weapp --release` without `--` hands the flag to npm
const release = args.includes('--release') || process.env.npm_config_release === 'true' || process.env.NODE_ENV === 'production'
const rest = args.filter((a) => a !== '--release')
if (release) {
  const problems = releaseProblems(process.env)
  if (problems.length > 0) {
    console.error('[build:weapp] release build refused:')
    for (const p of problems) console.error(`  - ${p}`)
    console.error('  (set BFF_URL=https://<your domain> and TARO_APP_ID=<AppID>; see README "Releasing the weapp")')
    process.exit(1)
  }
  console.log(`[build:weapp] release build for ${process.env.BFF_URL} (app id ${process.env.TARO_APP_ID})`)
}
const run = (cmd, argv) => {
  const r = spawnSync(cmd, argv, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' })
  if (r.status !== 0) process.exit(r.status ?? 1)
}
run('npx', ['taro', 'build', '--type', 'weapp', ...rest])
run(process.execPath, [path.join(here, 'size.mjs'), 'weapp'])
