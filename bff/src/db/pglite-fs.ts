import type { PGliteOptions } from '@electric-sql/pglite';
// PGlite exports its NodeFS at '@electric-sql/pglite/nodefs' only, a subpath this package's
// TypeScript resolution (node10) does not follow: the types are taken from the file itself
import type { NodeFS as NodeFSClass } from '@electric-sql/pglite/dist/fs/nodefs';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { NodeFS } = require('@electric-sql/pglite/nodefs') as { NodeFS: typeof NodeFSClass };

type InitArgs = Parameters<NodeFSClass['init']>;
type Emscripten = Awaited<ReturnType<NodeFSClass['init']>>['emscriptenOpts'];
interface EmscriptenFs {
  doChmod(stream: unknown, node: unknown, mode: number, dontFollow?: boolean): void;
}

/**
 * PGlite's files on disk, readable by the service's user alone (API.md Starting it).
 *
 * PGlite runs PostgreSQL on Emscripten's file system, whose NODEFS gives every file it creates
 * the mode PostgreSQL asked for with an explicit chmod (0666 for most, the WAL included),
 * whatever the process umask: issue 18 found a DATA_DIR any local user could read and write.
 * This is PGlite's own NodeFS with group and other bits dropped from every mode change (chmod,
 * fchmod, and the chmod that follows each file's creation), from before PostgreSQL starts, so
 * files made by initdb, by loading the template and at run time are all 0600 (folders 0700).
 */
export class OwnerOnlyNodeFS extends NodeFS {
  override async init(...args: InitArgs): Promise<{ emscriptenOpts: Emscripten }> {
    const { emscriptenOpts } = await super.init(...args);
    const ownerOnly = (mod: { FS: EmscriptenFs }) => {
      const doChmod = mod.FS.doChmod.bind(mod.FS);
      mod.FS.doChmod = (stream, node, mode, dontFollow) => doChmod(stream, node, mode & ~0o077, dontFollow);
    };
    return { emscriptenOpts: { ...emscriptenOpts, preRun: [ownerOnly as never, ...(emscriptenOpts.preRun ?? [])] } };
  }
}

/** PGlite's `fs` option: DATA_DIR/pglite (or another folder) with owner-only modes. */
export function ownerOnlyFs(dir: string): PGliteOptions['fs'] {
  return new OwnerOnlyNodeFS(dir) as unknown as PGliteOptions['fs'];
}
