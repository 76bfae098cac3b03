import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase } from './client';
import { DataDirError, secureDataDir } from './datadir';
import { LOCK_FILE } from './lock';

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
    expect(fs.readdirSync(dir).filter((d) => d.startsWith('pglite') && d !== LOCK_FILE)).toEqual(['pglite']); // no partial folder left
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 180_000); // two initdb runs (the child's and this one's): 30 s each on a loaded machine

/** Every folder and file below `dir` with a mode that group or others may use. */
function loose(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isSymbolicLink()) continue;
    if (fs.statSync(p).mode & 0o077) out.push(`${path.relative(dir, p)} ${(fs.statSync(p).mode & 0o777).toString(8)}`);
    if (e.isDirectory()) out.push(...loose(p));
  }
  return out;
}

describe('API.md Starting it: DATA_DIR and every file in it are the service user\'s alone (0700 / 0600)', () => {
  const made: string[] = [];
  const parent = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'yibao-perm-'));
    made.push(d);
    return d;
  };
  afterAll(() => {
    for (const d of made) fs.rmSync(d, { recursive: true, force: true });
  });

  it('a new DATA_DIR is made 0700, and a new PGlite folder in it (from the template, then written at run time) holds only 0600 files and 0700 folders, whatever the umask', async () => {
    const dir = path.join(parent(), 'data');
    const umask = process.umask(0o022); // PGlite's Emscripten FS chmods every file it makes anyway (0666 before)
    try {
      const database = await openDatabase({ dataDir: dir });
      try {
        await database.migrate();
        await database.db.execute(sql`select 1`);
      } finally {
        await database.close();
      }
    } finally {
      process.umask(umask);
    }
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(loose(dir)).toEqual([]);
    expect(fs.readdirSync(path.join(dir, 'pglite')).length).toBeGreaterThan(5);
  }, 180_000); // initdb, as above

  it.each([0o777, 0o775, 0o757, 0o1777])('refuses a DATA_DIR that others can write (mode %o), with a clear error', async (mode) => {
    const dir = path.join(parent(), 'data');
    fs.mkdirSync(dir);
    fs.chmodSync(dir, mode);
    expect(() => secureDataDir(dir)).toThrow(DataDirError);
    expect(() => secureDataDir(dir)).toThrow(/can be written by other users .*chmod 700/);
    await expect(openDatabase({ dataDir: dir })).rejects.toThrow(/can be written by other users/);
    expect(fs.readdirSync(dir)).toEqual([]); // nothing written into it
  });

  it('an older DATA_DIR (0755, files 0644/0666) is tightened to 0700 / 0600', () => {
    const dir = path.join(parent(), 'data');
    fs.mkdirSync(path.join(dir, 'pglite/base'), { recursive: true });
    fs.chmodSync(dir, 0o755);
    fs.chmodSync(path.join(dir, 'pglite'), 0o755);
    fs.writeFileSync(path.join(dir, 'secrets.json'), '{}');
    fs.chmodSync(path.join(dir, 'secrets.json'), 0o644);
    fs.writeFileSync(path.join(dir, 'pglite/base/1'), 'x');
    fs.chmodSync(path.join(dir, 'pglite/base/1'), 0o666);
    secureDataDir(dir, { walk: true });
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(loose(dir)).toEqual([]);
  });
});
