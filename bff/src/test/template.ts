import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MIGRATIONS_FOLDER } from '../db/client';

/** Where the migrated PGlite template of this migrations folder lives (one per migrations version). */
export function templatePath(): string {
  const hash = crypto.createHash('sha256');
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      if (fs.statSync(p).isDirectory()) walk(p);
      else hash.update(name).update(fs.readFileSync(p));
    }
  };
  walk(MIGRATIONS_FOLDER);
  return path.join(os.tmpdir(), `yibao-bff-pglite-${hash.digest('hex').slice(0, 16)}.tar`);
}
