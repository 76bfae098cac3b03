import * as fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { templatePath } from '../test/template';
import { fairPglite } from './pglite-fair';

// Contract: API.md's endpoints under concurrent load on the embedded engine (issue #7: p99 at 50
// connections). These pin the two causes found with --cpu-prof, not a time.

let template: Blob;
beforeAll(() => {
  template = new Blob([fs.readFileSync(templatePath())]);
});

async function open(): Promise<PGlite> {
  const pg = new PGlite({ loadDataDir: template });
  await pg.waitReady;
  return pg;
}

it('a chain of queries lets the event loop take a turn (answers are sent, new requests read)', async () => {
  const pg = fairPglite(await open());
  try {
    const seen: string[] = [];
    const chain = (async () => {
      for (let i = 0; i < 50; i++) await pg.query('select 1');
      await pg.transaction(async (tx) => {
        await tx.query('select 1');
      });
      seen.push('50 queries and a transaction done');
    })();
    setImmediate(() => seen.push('an I/O turn'));
    await chain;
    expect(seen).toEqual(['an I/O turn', '50 queries and a transaction done']);
  } finally {
    await pg.close();
  }
});

it('timestamps still come back as drizzle expects, inside and outside transactions', async () => {
  const pg = fairPglite(await open());
  try {
    const db = drizzle(pg);
    const at = new Date('2026-11-24T04:00:00.123Z');
    const outside = await db.execute<{ t: string; d: string }>(sql`select ${at.toISOString()}::timestamptz as t, '2026-11-24'::date as d`);
    expect(typeof outside.rows[0].t).toBe('string');
    expect(new Date(outside.rows[0].t).getTime()).toBe(at.getTime());
    expect(outside.rows[0].d).toBe('2026-11-24');
    const inside = await db.transaction((tx) => tx.execute<{ t: string }>(sql`select ${at.toISOString()}::timestamptz as t`));
    expect(new Date(inside.rows[0].t).getTime()).toBe(at.getTime());
  } finally {
    await pg.close();
  }
});

it('parsers other than drizzle text ones are still honoured per query', async () => {
  const pg = fairPglite(await open());
  try {
    const r = await pg.query<{ n: string }>('select 41 + 1 as n', [], { parsers: { 23: (v: string) => `int:${v}` } });
    expect(r.rows[0].n).toBe('int:42');
    const plain = await pg.query<{ n: number }>('select 41 + 1 as n');
    expect(plain.rows[0].n).toBe(42);
  } finally {
    await pg.close();
  }
});
