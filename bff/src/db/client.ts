import * as fs from 'node:fs';
import * as path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { Client, type ClientConfig, Pool, type PoolConfig } from 'pg';
import { secureDataDir, tighten } from './datadir';
import { acceptable, DatabaseUnavailableError, HostSelector, parseDatabaseUrl, type SessionAttrs, type Target } from './hosts';
import { lockDataDir } from './lock';
import { fairPglite } from './pglite-fair';
import { ownerOnlyFs } from './pglite-fs';
import * as schema from './schema';

/** One query layer over both engines; a transaction handle is a Db too. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Applies the versioned migrations of bff/drizzle (idempotent; serialised across processes on PostgreSQL). */
  migrate(): Promise<void>;
  /**
   * True when a writable database answers within `timeoutMs` (GET /healthz): on PostgreSQL a
   * session on the primary (not a standby, not read-only), over a connection of its own so that
   * a busy pool does not make the process look dead.
   */
  writable(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

/** bff/drizzle, from src/db or dist/db alike. */
export const MIGRATIONS_FOLDER = path.resolve(__dirname, '../../drizzle');

export interface OpenOptions {
  /**
   * postgres://… : a PostgreSQL server (node-postgres pool). Several hosts
   * (`postgres://u@h1:p1,h2:p2/db?target_session_attrs=read-write`) as libpq reads them: each new
   * connection goes to the first host that is writable (see hosts.ts).
   */
  databaseUrl?: string;
  /** Schema for the app's tables on PostgreSQL (tests use a fresh one per run). */
  searchPath?: string;
  /** Folder of the embedded database. */
  dataDir?: string;
  /** A ready PGlite instance (tests load one from a migrated template). */
  pglite?: PGlite;
  poolSize?: number;
}

const MIGRATION_LOCK = 7_301_2026;

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const common: PoolConfig = {
      max: opts.poolSize ?? 10,
      ...(opts.searchPath ? { options: `-c search_path=${opts.searchPath}` } : {}),
    };
    const config = poolConfig(opts.databaseUrl, common);
    const pool = new Pool(config);
    pool.on('error', () => undefined); // an idle client's network error must not crash the process
    // /healthz asks over a connection of its own (the pool may be busy with slow requests)
    const health = new Pool({ ...config, max: 1, idleTimeoutMillis: 60_000 });
    health.on('error', () => undefined);
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    return {
      kind: 'postgres',
      db,
      async migrate() {
        const client = await pool.connect();
        try {
          await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
          try {
            await migratePg(drizzlePg(client, { schema }), {
              migrationsFolder: MIGRATIONS_FOLDER,
              ...(opts.searchPath ? { migrationsSchema: opts.searchPath } : {}),
            });
          } finally {
            await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
          }
        } finally {
          client.release();
        }
      },
      writable: (timeoutMs = 2000) =>
        within(timeoutMs, async () => {
          const r = await health.query<{ ro: string }>(`select current_setting('transaction_read_only') as ro`);
          return r.rows[0]?.ro === 'off';
        }),
      close: async () => {
        await Promise.all([pool.end(), health.end()]);
      },
    };
  }
  let client = opts.pglite;
  let release: (() => Promise<void>) | undefined;
  if (!client) {
    if (!opts.dataDir) throw new Error('openDatabase needs databaseUrl, dataDir or pglite');
    // the service's user's alone (0700 / 0600), or refused when others may write it
    secureDataDir(opts.dataDir, { walk: true });
    // one process per data folder: a second one would silently lose the first one's writes
    release = await lockDataDir(opts.dataDir);
    const dir = path.join(opts.dataDir, 'pglite');
    if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) {
      await createDataFolder(dir);
      tighten(opts.dataDir); // the template's files, whatever the umask of a process that is not main()
    }
    client = new PGlite({ fs: ownerOnlyFs(dir) });
  }
  await client.waitReady;
  const pg = fairPglite(client);
  const db = drizzlePglite(pg, { schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    migrate: () => migratePglite(drizzlePglite(pg, { schema }), { migrationsFolder: MIGRATIONS_FOLDER }),
    writable: (timeoutMs = 2000) =>
      within(timeoutMs, async () => {
        await pg.query('select 1');
        return true;
      }),
    close: () => pg.close().finally(() => release?.()),
  };
}

/**
 * A new PGlite data folder, made whole in a temporary folder beside `dir` and renamed into place:
 * a kill -9 during the first start then leaves nothing half-made behind (PGlite writes PG_VERSION
 * before postgresql.conf, and a folder with the one but not the other never opens again). It
 * starts from the migrated template made at build time (about 1 s) instead of running initdb
 * (5-9 s on this machine); later migrations still apply. Runs under the data folder's lock.
 */
async function createDataFolder(dir: string): Promise<void> {
  const parent = path.dirname(dir);
  const prefix = `${path.basename(dir)}.partial-`;
  fs.mkdirSync(parent, { recursive: true, mode: 0o700 });
  for (const name of fs.readdirSync(parent)) if (name.startsWith(prefix)) fs.rmSync(path.join(parent, name), { recursive: true, force: true });
  const tmp = path.join(parent, `${prefix}${process.pid}`);
  fs.mkdirSync(tmp, { mode: 0o700 });
  const template = readTemplate();
  const pg = new PGlite({ fs: ownerOnlyFs(tmp), ...(template ? { loadDataDir: template } : {}) });
  await pg.waitReady;
  await pg.close();
  fs.rmSync(dir, { recursive: true, force: true }); // without PG_VERSION it never was a database
  fs.renameSync(tmp, dir);
}

/** bff/dist/pglite-template.tgz, written by `node dist/db/template.js` (scripts/build.mjs runs it). */
export const TEMPLATE_FILE = path.resolve(__dirname, '../pglite-template.tgz');

function readTemplate(): Blob | null {
  try {
    return new Blob([fs.readFileSync(TEMPLATE_FILE)]);
  } catch {
    return null;
  }
}

/** Rows affected/returned helper for raw statements. */
export async function ping(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}

/** `fn`'s answer, or false when it throws or takes longer than `ms`. */
async function within(ms: number, fn: () => Promise<boolean>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([fn().catch(() => false), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A probe or a pool connection gives up on a host that does not answer after this long. */
const CONNECT_TIMEOUT_MS = 3000;

/**
 * The pool's configuration for DATABASE_URL. One host and no target_session_attrs: the URL as it
 * is (node-postgres reads it). Several hosts, or target_session_attrs: connections made by
 * `selectingClient`, which finds the writable host; sslmode then has libpq's meaning (as in the
 * URL `pg_autoctl show uri` prints: `require` encrypts without verifying the certificate).
 */
export function poolConfig(url: string, common: PoolConfig): PoolConfig {
  const parsed = parseDatabaseUrl(url);
  if (parsed.hosts.length === 1 && parsed.attrs === 'any') return { ...common, connectionString: url };
  const template = /[?&]sslmode=/.test(parsed.template) && !/[?&]uselibpqcompat=/.test(parsed.template) ? `${parsed.template}&uselibpqcompat=true` : parsed.template;
  const base: ClientConfig = { connectionString: template, ...(common.options ? { options: common.options } : {}) };
  const selector = new HostSelector(parsed.hosts, (t) => probe(base, parsed.attrs, t));
  return {
    ...common,
    connectionString: template,
    Client: selectingClient(selector, parsed.attrs) as unknown as PoolConfig['Client'],
    keepAlive: true,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS * (parsed.hosts.length + 1),
  };
}

interface ClientInternals {
  host: string;
  port: number;
  connection: { on(event: 'parameterStatus', fn: (m: { parameterName: string; parameterValue: string }) => void): void };
}

/** Points a client that is not connected yet at `t`, and gathers the parameters the server reports at startup. */
function aim(client: Client, t: Target): Record<string, string> {
  const c = client as unknown as ClientInternals;
  c.host = t.host;
  c.port = t.port;
  const params: Record<string, string> = {};
  c.connection.on('parameterStatus', (m) => {
    params[m.parameterName] = m.parameterValue;
  });
  return params;
}

/** Does a new session on `client` have the attributes? (PostgreSQL ≥ 14 says at startup; older ones are asked.) */
async function sessionOk(client: Client, attrs: SessionAttrs, params: Record<string, string>): Promise<boolean> {
  if (attrs === 'any') return true;
  if (params.in_hot_standby !== undefined && params.default_transaction_read_only !== undefined) return acceptable(attrs, params);
  const r = await client.query<{ in_hot_standby: string; default_transaction_read_only: string }>(
    `select case when pg_is_in_recovery() then 'on' else 'off' end as in_hot_standby, current_setting('transaction_read_only') as default_transaction_read_only`,
  );
  return acceptable(attrs, r.rows[0]);
}

async function probe(base: ClientConfig, attrs: SessionAttrs, t: Target): Promise<boolean> {
  const client = new Client({ ...base, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  client.on('error', () => undefined);
  const params = aim(client, t);
  await client.connect();
  try {
    return await sessionOk(client, attrs, params);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * node-postgres's Client, connecting to the host `selector` names; a session without the
 * attributes asked for is closed and the connection fails (DatabaseUnavailableError). A failed
 * connect or a connection that breaks later sends the selector looking again.
 */
function selectingClient(selector: HostSelector, attrs: SessionAttrs): typeof Client {
  return class SelectingClient extends Client {
    override connect(): Promise<Client>;
    override connect(callback: ((err: Error) => void) | ((err: null, c: Client) => void)): void;
    override connect(callback?: ((err: Error) => void) | ((err: null, c: Client) => void)): Promise<Client> | void {
      const done = this.selectAndConnect().then(() => this as Client);
      if (!callback) return done;
      const cb = callback as (err: Error | null, c?: Client) => void;
      done.then((c) => cb(null, c), (err: Error) => cb(err));
    }

    private async selectAndConnect(): Promise<void> {
      const target = await selector.target();
      const params = aim(this, target);
      try {
        await super.connect();
      } catch (err) {
        selector.invalidate(target);
        throw err;
      }
      let ok = false;
      try {
        ok = await sessionOk(this, attrs, params);
      } catch (err) {
        selector.invalidate(target);
        throw err;
      }
      if (!ok) {
        selector.invalidate(target);
        await this.end().catch(() => undefined);
        throw new DatabaseUnavailableError(`${target.host}:${target.port} is not writable`);
      }
      this.on('error', () => selector.invalidate(target));
    }
  };
}
