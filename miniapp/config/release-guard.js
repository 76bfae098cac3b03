/**
 * Release build guard (issue 15). A weapp release must call the BFF over HTTPS on a public
 * domain that is on the mini-program's request-domain list (phones refuse anything else;
 * DevTools' "不校验合法域名" / urlCheck:false only relaxes the simulator), and must carry the
 * real app id, not the test id `touristappid`.
 * Used by scripts/build-weapp.mjs for `npm run build:weapp -- --release` (or NODE_ENV=production).
 */
const DEFAULT_BFF = 'http://localhost:3000'

/** true for loopback, private, link-local, unspecified addresses and local-only names. */
function isLocalHost(hostname) {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '')
  if (h === 'localhost' || h.endsWith('.localhost') || h.endsWith('.local') || h.endsWith('.internal')) return true
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h)
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])]
    return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127)
  }
  if (h.includes(':')) return h === '::' || h === '::1' || /^f[cd]/.test(h) || /^fe[89ab]/.test(h) || h.startsWith('::ffff:')
  return !h.includes('.') // a single-label name resolves only on a local network
}

/** The reasons a release build must not go out with these settings (empty: fine). */
function releaseProblems(env) {
  const problems = []
  const raw = (env.BFF_URL || DEFAULT_BFF).replace(/\/+$/, '')
  let url
  try {
    url = new URL(raw)
  } catch {
    problems.push(`BFF_URL "${raw}" is not a URL`)
  }
  if (url) {
    if (url.protocol !== 'https:') problems.push(`BFF_URL "${raw}" is not https:// (phones only call HTTPS request domains)`)
    if (isLocalHost(url.hostname)) problems.push(`BFF_URL "${raw}" is a loopback/private host (phones cannot reach it; WeChat accepts only public domains)`)
    else if (/^\d+\.\d+\.\d+\.\d+$/.test(url.hostname) || url.hostname.startsWith('[')) problems.push(`BFF_URL "${raw}" is an IP address (the request-domain list takes domain names only)`)
    if (!env.BFF_URL) problems.push('BFF_URL is not set')
  }
  const appId = env.TARO_APP_ID
  if (!appId || appId === 'touristappid') problems.push(`TARO_APP_ID is ${appId ? '"touristappid" (the test id)' : 'not set'}: set the mini-program's own AppID`)
  return problems
}

module.exports = { releaseProblems, isLocalHost }
