#!/usr/bin/env node
// `npm start`: builds what is stale (shared, bff, the H5 mini-program) and starts the BFF on
// PORT (default 3000) with the embedded database and the sandbox world, serving the H5 app at / and the hospital desk at /desk/.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { buildStale, root } from './build.mjs';

buildStale({ h5: process.env.SKIP_H5_BUILD !== '1', desk: process.env.SKIP_DESK_BUILD !== '1' });
const nodeFlags = createRequire(import.meta.url)('../bff/node-flags.cjs');
const child = spawn(process.execPath, [...nodeFlags, join(root, 'bff/dist/main.js')], { stdio: 'inherit', env: process.env });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(signal ? 0 : (code ?? 0)));
