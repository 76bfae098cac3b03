import { spawn } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { openDatabase } from './client';
import { DataDirInUseError, LOCK_FILE, lockDataDir } from './lock';

/**
 * Regression (reliability suite, "two processes on one PGlite data folder"): a second BFF on
 * the same DATA_DIR used to start, keep its own cache of the same files and split the data
 * (one identity verified by two accounts, orders invisible to the other process). Now the
 * folder is locked while open, and the lock dies with its holder, even by kill -9.
 */
const dirs: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'yibao-lock-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

it('a second open of one PGlite data folder is refused while the first is open, and allowed after close', async () => {
  const dir = tempDir();
  const first = await openDatabase({ dataDir: dir });
  await expect(openDatabase({ dataDir: dir })).rejects.toThrow(DataDirInUseError);
  await expect(openDatabase({ dataDir: dir })).rejects.toThrow(/in use by another process/);
  await first.close();
  const again = await openDatabase({ dataDir: dir });
  await again.close();
}, 180_000); // a new PGlite folder without the build's template runs initdb: 30-50 s on a loaded machine

it('another folder is not affected', async () => {
  const release = await lockDataDir(tempDir());
  const other = await lockDataDir(tempDir());
  await other();
  await release();
});

/** A process holding the folder's lock as the BFF does; resolves once it holds it. */
async function holder(dir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', `require(process.argv[1]).lockDataDir(process.argv[2]).then(() => { console.log('held'); setInterval(() => {}, 1000); })`, path.join(__dirname, 'lock.ts'), dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`holder exited ${code}`)));
  });
  return child;
}

it('the lock of another process is refused; once that process is killed with SIGKILL it is free again (nothing stale is left)', async () => {
  const dir = tempDir();
  const child = await holder(dir);
  await expect(lockDataDir(dir, { waitMs: 200 })).rejects.toThrow(DataDirInUseError);
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await gone;
  const release = await lockDataDir(dir);
  await release();
});

it('issue 18, finding 7: the lock lives inside the 0700 DATA_DIR; the name of the old abstract socket, taken by anyone first, stops nothing', async () => {
  const dir = tempDir();
  const real = fs.realpathSync(dir);
  // what another local user could do before: bind the folder's abstract socket name first
  const squatter = net.createServer();
  if (process.platform === 'linux') {
    const id = crypto.createHash('sha256').update(real).digest('hex').slice(0, 32);
    await new Promise<void>((resolve) => squatter.listen(`\0yibao-pglite-${id}`, () => resolve()));
  }
  try {
    const release = await lockDataDir(dir);
    const inside = fs.readdirSync(dir);
    expect(inside.some((f) => f === LOCK_FILE || f === 'pglite.sock')).toBe(true);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    if (inside.includes(LOCK_FILE)) expect(fs.statSync(path.join(dir, LOCK_FILE)).mode & 0o077).toBe(0);
    await release();
  } finally {
    squatter.close();
  }
});
