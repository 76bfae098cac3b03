#!/usr/bin/env node
// `npm start`: builds what is stale (shared, bff, the H5 mini-program) and starts the BFF on
// PORT (default 3000) with the embedded database and the sandbox world, serving the H5 app at /.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const run = (cmd, args, cwd = root) => {
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit', env: process.env });
  if (r.status !== 0) {
    console.error(`[start] ${cmd} ${args.join(' ')} failed (exit ${r.status})`);
    process.exit(r.status ?? 1);
  }
};

function newest(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).filter((n) => n !== 'node_modules' && n !== 'dist').map((n) => newest(join(path, n))));
}

if (!existsSync(join(root, 'bff/src/main.ts'))) {
  const { RULES_VERSION } = await import('../shared/dist/index.js').catch(() => ({ RULES_VERSION: 'unbuilt' }));
  console.log(`yibao rules ${RULES_VERSION}: the BFF is not built yet.`);
  process.exit(0);
}

console.log('[start] compiling shared and bff (incremental)');
run('npx', ['tsc', '-b', 'shared', 'bff']);

const h5Index = join(root, 'miniapp/dist/h5/index.html');
const h5Sources = Math.max(newest(join(root, 'miniapp/src')), newest(join(root, 'miniapp/config')), newest(join(root, 'shared/src')));
if (process.env.SKIP_H5_BUILD !== '1' && (!existsSync(h5Index) || statSync(h5Index).mtimeMs < h5Sources)) {
  console.log('[start] building the H5 mini-program (first start or sources changed; about a minute)');
  run('npm', ['run', 'build:h5', '-w', 'miniapp']);
}

const child = spawn(process.execPath, [join(root, 'bff/dist/main.js')], { stdio: 'inherit', env: process.env });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(signal ? 0 : (code ?? 0)));
