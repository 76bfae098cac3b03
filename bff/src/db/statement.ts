import { type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Db } from './client';

const dialect = new PgDialect();

/** A named value of a statement (`sql.placeholder`), filled in when it runs. */
export const param = (name: string) => sql.placeholder(name);

/** A hot statement: built once, run on the pool or inside a transaction with new values. */
export interface Statement<Row> {
  run(on: Db, values: Record<string, unknown>): Promise<Row[]>;
}

/**
 * Compiles `text` (values as `sql.placeholder`) once. drizzle's own `.prepare()` binds a
 * statement to the session it was built on, so inside a transaction every call built it again:
 * query building was 15-27 % of the server's CPU for POST /orders (--cpu-prof, issue #7). The
 * name makes it a server-side prepared statement on PostgreSQL (parsed and planned once per
 * connection). Rows come back as the driver reads them (column names as in the SQL; cast what is
 * not text, e.g. `::int` or `::text`).
 */
export function statement<Row>(name: string, text: SQL): Statement<Row> {
  const query = dialect.sqlToQuery(text);
  return {
    async run(on, values) {
      const result = (await on._.session.prepareQuery(query, undefined, name, false).execute(values)) as { rows: Row[] };
      return result.rows;
    },
  };
}
