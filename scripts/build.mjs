#!/usr/bin/env node
// Builds what is stale: shared and bff (tsc -b, incremental), the H5 mini-program and the hospital
// desk when their sources (or shared's) changed since the last build. `npm run build` runs it; start and e2e
// import it.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const root = new URL('..', import.meta.url).pathname;

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (r.status !== 0) {
    console.error(`[build] ${cmd} ${args.join(' ')} failed (exit ${r.status})`);
    process.exit(r.status ?? 1);
  }
}

function newest(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).filter((n) => n !== 'node_modules' && n !== 'dist' && !/\.test\.tsx?$/.test(n)).map((n) => newest(join(path, n))));
}

export function buildStale({ h5 = true, desk = true } = {}) {
  console.log('[build] compiling shared and bff (incremental)');
  run('npx', ['tsc', '-b', 'shared', 'bff']);
  // a migrated PGlite data folder, so a new DATA_DIR skips initdb
  const template = join(root, 'bff/dist/pglite-template.tgz');
  if (!existsSync(template) || statSync(template).mtimeMs < newest(join(root, 'bff/drizzle'))) {
    run('node', [join(root, 'bff/dist/db/template.js')]);
  }
  const index = join(root, 'miniapp/dist/h5/index.html');
  const sources = Math.max(newest(join(root, 'miniapp/src')), newest(join(root, 'miniapp/config')), newest(join(root, 'shared/src')));
  if (h5 && (!existsSync(index) || statSync(index).mtimeMs < sources)) {
    console.log('[build] building the H5 mini-program (first run or sources changed; about half a minute)');
    run('npm', ['run', 'build:h5', '-w', 'miniapp']);
  }
  // the hospital desk (医保窗口, served at /desk/): a few seconds with Vite
  const deskIndex = join(root, 'desk/dist/index.html');
  const deskSources = Math.max(newest(join(root, 'desk/src')), newest(join(root, 'desk/index.html')), newest(join(root, 'desk/vite.config.mts')), newest(join(root, 'shared/src')));
  if (desk && (!existsSync(deskIndex) || statSync(deskIndex).mtimeMs < deskSources)) {
    console.log('[build] building the hospital desk (desk/, Vite)');
    run('npm', ['run', 'build', '-w', 'desk']);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) buildStale();
