import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase } from './client';

/**
 * Regression (reliability suite, crash safety): PGlite writes PG_VERSION before postgresql.conf
 * when it makes a new data folder, and a folder with the one but not the other never opens again
 * ("PGlite failed to initialize properly"). A kill -9 the moment PG_VERSION appeared used to leave
 * exactly that behind; the folder is now made aside and renamed into place when complete.
 */
const CHILD = `
const { openDatabase } = require(process.argv[1]);
openDatabase({ dataDir: process.argv[2] }).then((d) => d.close()).then(() => process.exit(0), (e) => { console.error(e.message); process.exit(3); });
`;

function anyPgVersion(dir: string): boolean {
  try {
    return fs.readdirSync(dir).some((d) => d.startsWith('pglite') && fs.existsSync(path.join(dir, d, 'PG_VERSION')));
  } catch {
    return false;
  }
}

it('a first start killed the moment PG_VERSION appears leaves a data folder that opens', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yibao-datadir-'));
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', CHILD, path.join(__dirname, 'client.ts'), dir], { stdio: ['ignore', 'ignore', 'pipe'] });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const deadline = Date.now() + 60_000;
    // a tight loop: the kill lands within a fraction of a millisecond of PG_VERSION's creation
    while (!anyPgVersion(dir) && child.exitCode === null && Date.now() < deadline) {
      /* poll */
    }
    child.kill('SIGKILL');
    await exited;
    const database = await openDatabase({ dataDir: dir });
    try {
      await database.migrate();
      await expect(database.db.execute(sql`select count(*) from users`)).resolves.toBeDefined();
    } finally {
      await database.close();
    }
    expect(fs.readdirSync(dir).filter((d) => d.startsWith('pglite'))).toEqual(['pglite']); // no partial folder left
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
