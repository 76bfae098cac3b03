import * as crypto from 'node:crypto';
import * as path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Client } from 'pg';

/**
 * On PostgreSQL every child-process scenario gets its own database, named after the run's
 * (`<run database>_<tag>_<random>`), dropped afterwards; the runner drops any leftover too.
 */
export async function freshDatabase(tag: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('freshDatabase needs DATABASE_URL');
  const u = new URL(base);
  const name = `${u.pathname.slice(1)}_${tag}_${crypto.randomBytes(3).toString('hex')}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists "${name}" with (force)`);
      await c.end();
    },
  };
}

export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** Direct access to a stopped BFF's PGlite data folder, or to a PostgreSQL database. */
export async function openSql(target: { dataDir?: string; url?: string }): Promise<Sql> {
  if (target.url) {
    const c = new Client({ connectionString: target.url });
    await c.connect();
    return {
      query: async <T>(text: string, params?: unknown[]) => (await c.query(text, params)).rows as T[],
      close: () => c.end(),
    };
  }
  const pg = new PGlite(path.join(target.dataDir!, 'pglite'));
  await pg.waitReady;
  return {
    query: async <T>(text: string, params?: unknown[]) => (await pg.query<T>(text, params)).rows,
    close: () => pg.close(),
  };
}

/** Every row of every table as JSON text (the "dump" the privacy section scans). */
export async function dumpTables(sqlc: Sql): Promise<{ tables: string[]; text: string }> {
  const tables = (
    await sqlc.query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`,
    )
  ).map((r) => r.table_name);
  let text = '';
  for (const t of tables) {
    const rows = await sqlc.query<{ j: string }>(`select row_to_json(x)::text as j from "${t}" x`);
    text += `-- ${t}\n${rows.map((r) => r.j).join('\n')}\n`;
  }
  return { tables, text };
}
