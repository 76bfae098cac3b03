import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

export class DataDirInUseError extends Error {}

/**
 * PGlite is an embedded PostgreSQL: one process per data folder. A second process on the same
 * folder starts without complaint, keeps its own cache of the same files and silently loses the
 * other's writes (orders, debits, verifications) or corrupts the folder. So the folder is locked
 * while open, with something the kernel releases when the process dies, even by kill -9:
 *
 * - Linux: an abstract Unix socket named after the folder's real path (no file, no stale state;
 *   `listen` either gets it or fails with EADDRINUSE). Scope: one network namespace.
 * - Windows: a named pipe, likewise.
 * - elsewhere: a socket file in the folder; a file left by a killed process does not accept
 *   connections and is replaced.
 *
 * Returns the release function.
 */
export async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  const endpoint = lockEndpoint(dir);
  const real = fs.realpathSync(dir);
  if (endpoint.startsWith(real) && fs.existsSync(endpoint) && !(await answers(endpoint))) fs.rmSync(endpoint, { force: true });
  const server = net.createServer((socket) => socket.destroy());
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(endpoint, () => resolve());
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new DataDirInUseError(
        `the embedded database in ${real} is in use by another process (PGlite: one process per DATA_DIR; use DATABASE_URL to run several BFF processes on one database)`,
      );
    }
    throw err;
  }
  server.unref();
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}

/** Where the lock of a data folder listens (made when missing). */
export function lockEndpoint(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const real = fs.realpathSync(dir);
  const id = crypto.createHash('sha256').update(real).digest('hex').slice(0, 32);
  if (process.platform === 'linux') return `\0yibao-pglite-${id}`;
  if (process.platform === 'win32') return `\\\\?\\pipe\\yibao-pglite-${id}`;
  return path.join(real, 'pglite.lock');
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
