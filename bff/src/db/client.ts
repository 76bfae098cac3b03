import * as fs from 'node:fs';
import * as path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { Pool } from 'pg';
import { secureDataDir, tighten } from './datadir';
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
  close(): Promise<void>;
}

/** bff/drizzle, from src/db or dist/db alike. */
export const MIGRATIONS_FOLDER = path.resolve(__dirname, '../../drizzle');

export interface OpenOptions {
  /** postgres://… : a PostgreSQL server (node-postgres pool). */
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
    const pool = new Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      ...(opts.searchPath ? { options: `-c search_path=${opts.searchPath}` } : {}),
    });
    pool.on('error', () => undefined); // an idle client's network error must not crash the process
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
      close: () => pool.end(),
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
