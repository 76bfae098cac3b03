import * as fs from 'node:fs';
import * as path from 'node:path';

/** DATA_DIR cannot be used safely (others may write it, or it belongs to someone else). */
export class DataDirError extends Error {}

/**
 * API.md Starting it: DATA_DIR and every file in it are readable by the service's user alone.
 * Made 0700 when missing; refused when group or others may write it (they could have changed
 * the database or the secrets, or swap files under us) or when another user owns it; otherwise
 * tightened: the folder to 0700 and, with `walk`, every folder in it to 0700 and every file to
 * 0600 (folders made by older versions were 0755 with 0666 database files). New files stay so
 * because main() sets the umask to 077 before anything is written.
 */
export function secureDataDir(dir: string, opts: { walk?: boolean } = {}): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return;
  const st = fs.statSync(dir);
  if (!st.isDirectory()) throw new DataDirError(`DATA_DIR ${dir} is not a folder`);
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid) {
    throw new DataDirError(`DATA_DIR ${dir} belongs to another user (uid ${st.uid}, this process runs as ${uid}): use a folder of the service's own user`);
  }
  if (st.mode & 0o022) {
    throw new DataDirError(
      `DATA_DIR ${dir} can be written by other users (mode ${(st.mode & 0o777).toString(8)}): refusing to start on it, since they may have changed the database or the secrets. ` +
        `Check its contents, then make it the service user's alone (chmod 700 ${JSON.stringify(dir)}), or use a new folder`,
    );
  }
  if (st.mode & 0o077) fs.chmodSync(dir, 0o700);
  if (opts.walk) tighten(dir);
}

/** Folders 0700, files 0600, below `dir` (symbolic links are left alone). */
export function tighten(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    let mode: number;
    try {
      mode = fs.lstatSync(p).mode & 0o777;
    } catch {
      continue; // gone meanwhile
    }
    if (entry.isDirectory()) {
      if (mode & 0o077) fs.chmodSync(p, mode & 0o700);
      tighten(p);
    } else if (mode & 0o077) {
      fs.chmodSync(p, mode & 0o600);
    }
  }
}
