import * as fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase } from '../db/client';
import { templatePath } from './template';

/**
 * A fresh PGlite runs initdb (seconds); a migrated one is dumped once here and every test
 * database is loaded from it (well under a second).
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) return;
  const file = templatePath();
  if (fs.existsSync(file)) return;
  const pg = new PGlite();
  const database = await openDatabase({ pglite: pg });
  await database.migrate();
  const blob = await pg.dumpDataDir('none');
  const tmp = `${file}.${process.pid}`;
  fs.writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
  fs.renameSync(tmp, file);
  await pg.close();
}
