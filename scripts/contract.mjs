#!/usr/bin/env node
// `npm run test:contract`: builds what is stale (shared, bff; not the mini-program), then checks a
// scripted citizen and hospital journey against the built BFF's served OpenAPI document
// (contract/openapi.contract.ts). Extra arguments go to jest.
import { spawnSync } from 'node:child_process';
import { buildStale, root } from './build.mjs';

buildStale({ h5: false });
const r = spawnSync('npx', ['jest', '-c', 'contract/jest.config.js', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --no-warnings`.trim() },
});
process.exit(r.status ?? 1);
