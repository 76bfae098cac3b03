// The database ceiling: a bare node:http server answering every request with one prepared,
// single-row statement on the BFF's own database (a primary-key read of `persons`, the table
// the BFF maps every person id through), as JSON. No framework, no auth, no validation: what one
// round trip to the database per request costs on this machine, the honest upper bound for an
// endpoint that needs at least one. The ids rotate so that every request reads another row.
//
// DATABASE_URL=postgres://… : a node-postgres pool of 10 (the BFF's size), the statement named
// (parsed once per connection, then only bound and executed). DATA_DIR=… : the BFF's PGlite
// folder, opened in this process once the BFF has stopped (PGlite is in-process: one owner).
import http from 'node:http'
import { createRequire } from 'node:module'
import path from 'node:path'

const require = createRequire(import.meta.url)
const port = Number(process.env.PORT)
const ONE = 'select person_id, id_hash, created_at from persons where person_id = $1'
const IDS = 'select person_id from persons order by person_id'

let query
let close
if (process.env.DATABASE_URL) {
  const { Pool } = require('pg')
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 })
  query = async (text, values, name) => (await pool.query(name ? { name, text, values } : { text, values })).rows
  close = () => pool.end()
} else {
  // PGlite is ESM; take the BFF's copy. DATA_DIR/pglite is where the BFF keeps it.
  const { PGlite } = await import(require.resolve('@electric-sql/pglite', { paths: [path.resolve('bff')] }))
  const pg = new PGlite(path.join(process.env.DATA_DIR, 'pglite'))
  await pg.waitReady
  query = async (text, values) => (await pg.query(text, values)).rows
  close = () => pg.close()
}

const ids = (await query(IDS, [])).map((r) => r.person_id)
if (ids.length === 0) throw new Error('no persons in the database: run the BFF setup first')
let next = 0

const server = http.createServer((req, res) => {
  const id = ids[next++ % ids.length]
  query(ONE, [id], 'ceiling_one').then(
    (rows) => {
      const body = JSON.stringify(rows[0] ?? null)
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
      res.end(body)
    },
    (err) => {
      res.writeHead(500)
      res.end(String(err))
    },
  )
})
server.listen(port, '127.0.0.1', () => console.log(`ready (${ids.length} rows)`))
process.on('SIGTERM', () => {
  server.close()
  Promise.resolve(close()).finally(() => process.exit(0))
})
