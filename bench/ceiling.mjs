// The ceiling: a bare Express hello-world on the same loopback setup as the BFF (one process,
// or CEILING_WORKERS processes sharing the port through node:cluster, like WEB_CONCURRENCY).
import cluster from 'node:cluster'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const express = require('express')
const port = Number(process.env.PORT)
const workers = Number(process.env.CEILING_WORKERS || 1)

if (workers > 1 && cluster.isPrimary) {
  for (let i = 0; i < workers; i++) cluster.fork()
  let up = 0
  cluster.on('listening', () => {
    if (++up === workers) console.log('ready')
  })
  process.on('SIGTERM', () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM')
    setTimeout(() => process.exit(0), 200)
  })
} else {
  const app = express()
  app.get('/', (_req, res) => {
    res.send('Hello World!')
  })
  app.listen(port, '127.0.0.1', () => {
    if (workers === 1) console.log('ready')
  })
  process.on('SIGTERM', () => process.exit(0))
}
