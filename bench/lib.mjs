// Helpers of the bench: free ports, child processes, a bounded request pool, autocannon.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
export const autocannon = require('autocannon')
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** A free TCP port on 127.0.0.1 (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.unref()
    s.on('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })
}

const children = new Set()

/** Starts a node process; its stderr is kept (last 8 KB) for error messages. */
export function startProcess(args, env, { name = 'child' } = {}) {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  let stdout = ''
  child.stderr.on('data', (d) => {
    stderr = (stderr + d).slice(-8192)
  })
  // stdout carries the request log (pino, one line per request): read and dropped, like a log shipper would
  child.stdout.on('data', (d) => {
    if (stdout.length < 4096) stdout += d
  })
  children.add(child)
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
  exited.then(() => children.delete(child))
  return {
    name,
    child,
    exited,
    stderr: () => stderr,
    stdout: () => stdout,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 8000)
      await exited
      clearTimeout(timer)
    },
  }
}

/** Kills what the bench started if it is interrupted. */
export function killChildrenOnExit() {
  const kill = () => {
    for (const c of children) c.kill('SIGKILL')
  }
  process.on('exit', kill)
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, () => {
      kill()
      process.exit(130)
    })
  }
}

/** Polls `url` until it answers 2xx (bounded by `timeoutMs`), or the process exits. */
export async function waitReady(url, proc, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs
  let exited = false
  proc.exited.then(() => {
    exited = true
  })
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${proc.name} exited before it was ready:\n${proc.stderr() || proc.stdout()}`)
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) })
      if (res.ok) return
    } catch {
      /* not listening yet */
    }
    await sleep(100)
  }
  throw new Error(`${proc.name} not ready after ${timeoutMs} ms:\n${proc.stderr()}`)
}

/** Runs `fn` over `items` with at most `concurrency` in flight. */
export async function pool(items, concurrency, fn) {
  const out = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i], i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker))
  return out
}

/** A JSON call that must answer `expect`; throws naming the call otherwise. */
export async function call(base, method, url, { body, token, headers = {}, expect = [200, 201] } = {}) {
  const res = await fetch(base + url, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(30_000),
  })
  const text = await res.text()
  const json = text ? JSON.parse(text) : null
  if (!expect.includes(res.status)) throw new Error(`${method} ${url} answered ${res.status}: ${text.slice(0, 300)}`)
  return json
}

/**
 * One autocannon run. `request(i)` gives the i-th request ({ method, path, headers, body });
 * statuses other than `expect` are counted (a fast 4xx is not a result). `onBody(status, body)`,
 * when given, sees every answer's body (autocannon then keeps them).
 */
export async function load(base, { seconds, connections = 50, request, expect = 200, title, onBody }) {
  let i = 0
  const url = new URL(base)
  const result = await autocannon({
    url: base,
    connections,
    duration: seconds,
    pipelining: 1,
    timeout: 10,
    title,
    requests: [
      {
        setupRequest(req) {
          const r = request(i++)
          return { ...req, ...r, headers: { host: url.host, ...(r.body ? { 'content-type': 'application/json' } : {}), ...r.headers } }
        },
        ...(onBody ? { onResponse: (status, body) => onBody(status, body) } : {}),
      },
    ],
  })
  const statuses = {}
  for (const [code, s] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = s.count
  const good = statuses[expect] ?? 0
  const total = Object.values(statuses).reduce((a, b) => a + b, 0)
  return {
    rps: good / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    p90: result.latency.p90,
    max: result.latency.max,
    good,
    total,
    unexpected: total - good,
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: result.duration,
  }
}

const TICK = 100 // USER_HZ on Linux

/** CPU seconds used so far by processes whose command name matches, by pid (Linux /proc; {} elsewhere). */
function cpuByProcess() {
  const out = {}
  let pids
  try {
    pids = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))
  } catch {
    return out
  }
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
      const close = stat.lastIndexOf(')')
      const comm = stat.slice(stat.indexOf('(') + 1, close)
      const f = stat.slice(close + 2).split(' ')
      out[pid] = { comm, ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12])) / TICK }
    } catch {
      /* gone */
    }
  }
  return out
}

/**
 * Who used the CPU during a measurement, in cores: the BFF (its process tree), PostgreSQL
 * (every postgres process), the load generator (this process) and everything else.
 */
/** Machine-wide CPU seconds from /proc/stat: busy (incl. kernel, interrupts), idle, steal (taken by the hypervisor). */
function machineCpu() {
  try {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number)
    const [user, nice, system, idle, iowait, irq, softirq, steal = 0] = f
    return { busy: (user + nice + system + irq + softirq) / TICK, idle: (idle + iowait) / TICK, steal: steal / TICK }
  } catch {
    return null
  }
}

export function cpuMeter(rootPid) {
  const before = cpuByProcess()
  const m0 = machineCpu()
  const t0 = process.hrtime.bigint()
  return () => {
    const m1 = machineCpu()
    const after = cpuByProcess()
    const secs = Number(process.hrtime.bigint() - t0) / 1e9
    const tree = new Set([String(rootPid)])
    for (let grew = true; grew; ) {
      grew = false
      for (const [pid, p] of Object.entries(after)) if (!tree.has(pid) && tree.has(String(p.ppid))) (tree.add(pid), (grew = true))
    }
    const used = { bff: 0, postgres: 0, loadgen: 0, other: 0 }
    for (const [pid, p] of Object.entries(after)) {
      const d = p.cpu - (before[pid]?.cpu ?? 0)
      if (d <= 0) continue
      const who = rootPid && tree.has(pid) ? 'bff' : p.comm === 'postgres' ? 'postgres' : Number(pid) === process.pid ? 'loadgen' : 'other'
      used[who] += d
    }
    if (m0 && m1) {
      // busy time charged to no process seen at both ends: interrupts, kernel threads, processes that came and went
      const attributed = used.bff + used.postgres + used.loadgen + used.other
      used.unattributed = Math.max(0, m1.busy - m0.busy - attributed)
      used.idle = m1.idle - m0.idle
      used.steal = m1.steal - m0.steal
    }
    return Object.fromEntries(Object.entries(used).map(([k, v]) => [k, Math.round((v / secs) * 100) / 100]))
  }
}
