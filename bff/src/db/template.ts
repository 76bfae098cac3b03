import * as fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase, TEMPLATE_FILE } from './client';

/**
 * Writes a migrated, empty PGlite data folder as a tarball next to the build, so that a new
 * DATA_DIR is ready in about a second (`npm start` answers /healthz quickly on a built checkout).
 */
export async function writeTemplate(file: string = TEMPLATE_FILE): Promise<void> {
  const pglite = new PGlite();
  const database = await openDatabase({ pglite });
  await database.migrate();
  const blob = await pglite.dumpDataDir('gzip');
  await database.close();
  fs.writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
}

if (require.main === module) {
  writeTemplate().then(
    () => console.log(`[build] PGlite template written to ${TEMPLATE_FILE}`),
    (err: Error) => {
      console.error(`[build] PGlite template failed: ${err.message}`);
      process.exit(1);
    },
  );
}
