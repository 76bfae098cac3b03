import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openDatabase } from './client';
import { DataDirInUseError, lockDataDir, lockEndpoint } from './lock';

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
});

it('another folder is not affected', async () => {
  const release = await lockDataDir(tempDir());
  const other = await lockDataDir(tempDir());
  await other();
  await release();
});

it('the lock of a process killed with SIGKILL is free again (nothing stale is left)', async () => {
  const dir = tempDir();
  const endpoint = lockEndpoint(dir);
  // a holder in another process, listening on the folder's lock as the BFF does
  const holder = spawn(process.execPath, ['-e', `require('net').createServer().listen(Buffer.from(process.argv[1], 'hex').toString(), () => console.log('held'))`, Buffer.from(endpoint).toString('hex')], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));
  await expect(lockDataDir(dir)).rejects.toThrow(DataDirInUseError);
  const gone = new Promise((resolve) => holder.once('exit', resolve));
  holder.kill('SIGKILL');
  await gone;
  const release = await lockDataDir(dir);
  await release();
});
