import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { secureDataDir } from './datadir';

export class DataDirInUseError extends Error {}

/** The lock file, inside DATA_DIR (which only the service's user can enter: 0700). */
export const LOCK_FILE = 'pglite.lock';

/**
 * PGlite is an embedded PostgreSQL: one process per data folder. A second process on the same
 * folder starts without complaint, keeps its own cache of the same files and silently loses the
 * other's writes (orders, debits, verifications) or corrupts the folder. So the folder is locked
 * while open, with something the kernel releases when the process dies, even by kill -9, and
 * that lives inside the 0700 DATA_DIR, so that no other local user can take it first (issue 18:
 * an abstract socket named after the path could be bound by anyone and stop the service):
 *
 * - Linux: an flock(2) on DATA_DIR/pglite.lock, held by util-linux's flock(1) (always on Debian)
 *   in a child process that lives as long as its stdin pipe from this process: when this process
 *   ends, however, the pipe closes, the child ends and the kernel drops the lock. (Node has no
 *   flock of its own, and a native addon would need a compiler at install.)
 * - elsewhere, or without flock(1): a Unix socket file DATA_DIR/pglite.sock (a named pipe on
 *   Windows); a file left by a killed process does not accept connections and is replaced (two
 *   processes starting in the same instant on such a left-over file could both take it).
 *
 * `waitMs`: how long to wait for a holder that is going away (a process killed a moment ago).
 * Returns the release function.
 */
export async function lockDataDir(dir: string, opts: { waitMs?: number } = {}): Promise<() => Promise<void>> {
  secureDataDir(dir);
  const real = fs.realpathSync(dir);
  const waitMs = opts.waitMs ?? 3000;
  if (process.platform === 'linux') {
    const held = await flockLock(path.join(real, LOCK_FILE), waitMs);
    if (held) return held;
  }
  return socketLock(real);
}

function inUse(dir: string): DataDirInUseError {
  return new DataDirInUseError(
    `the embedded database in ${dir} is in use by another process (PGlite: one process per DATA_DIR; use DATABASE_URL to run several BFF processes on one database)`,
  );
}

const CONFLICT = 75;

/** null when flock(1) is not there. */
async function flockLock(file: string, waitMs: number): Promise<(() => Promise<void>) | null> {
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  let child: ChildProcessWithoutNullStreams;
  try {
    child = spawn('flock', ['--exclusive', '--wait', (waitMs / 1000).toFixed(3), '--conflict-exit-code', String(CONFLICT), file, 'sh', '-c', 'echo locked; exec cat >/dev/null'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  } catch {
    return null;
  }
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const outcome = await new Promise<'locked' | 'missing' | { code: number | null }>((resolve) => {
    child.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ENOENT' ? 'missing' : { code: null }));
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString('utf8').includes('locked')) resolve('locked');
    });
    child.once('exit', (code) => resolve({ code }));
  });
  if (outcome === 'missing') return null;
  if (outcome !== 'locked') {
    if (outcome.code === CONFLICT) throw inUse(path.dirname(file));
    throw new Error(`cannot lock ${file} with flock(1): exit ${outcome.code} ${stderr.trim()}`);
  }
  // the pipes must not keep this process alive; the child is ours until release or exit
  child.unref();
  child.stdout.destroy();
  (child.stdin as unknown as net.Socket).unref();
  (child.stderr as unknown as net.Socket).unref();
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return async () => {
    child.ref(); // waiting for it to go must keep this process alive
    child.stdin.end();
    await exited;
  };
}

/** Where the socket lock of a data folder listens (the fallback of lockDataDir). */
export function socketEndpoint(real: string): string {
  if (process.platform === 'win32') return `\\\\?\\pipe\\yibao-pglite-${Buffer.from(real).toString('base64url').slice(-64)}`;
  return path.join(real, 'pglite.sock');
}

async function socketLock(real: string): Promise<() => Promise<void>> {
  const endpoint = socketEndpoint(real);
  if (endpoint.startsWith(real) && fs.existsSync(endpoint) && !(await answers(endpoint))) fs.rmSync(endpoint, { force: true });
  const server = net.createServer((socket) => socket.destroy());
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(endpoint, () => resolve());
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw inUse(real);
    throw err;
  }
  server.unref();
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}

function answers(endpoint: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(endpoint);
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(true); // present but slow: assume a live holder
    }, 2000);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}
