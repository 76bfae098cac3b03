#!/usr/bin/env node
// `npm run e2e`: the citizen journeys and the hospital scan in Debian's Chromium against the built
// BFF (each journey file starts its own on a free port with its own data folder and world file).
// Screenshots of every step go to e2e-artifacts/ (git-ignored) and are listed at the end.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildStale, root } from './build.mjs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.error(`[e2e] ${chromium} is missing: apt-get install chromium (or set CHROMIUM_PATH)`);
  process.exit(1);
}
buildStale();
const artifacts = join(root, 'e2e-artifacts');
rmSync(artifacts, { recursive: true, force: true });
const results = join(root, 'e2e-artifacts.json');
const r = spawnSync('npx', ['jest', '-c', 'e2e/jest.config.js', '--json', `--outputFile=${results}`, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --no-warnings`.trim() },
});

const list = (dir) => (existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? list(join(dir, e.name)) : [join(dir, e.name)])) : []);
const files = list(artifacts).sort();
console.log(`\n[e2e] screenshots and console logs (${files.length}):`);
for (const f of files) console.log(`  ${relative(root, f)}`);
if (existsSync(results)) {
  const j = JSON.parse(readFileSync(results, 'utf8'));
  rmSync(results);
  console.log(`\n${j.numPassedTests} passed, ${j.numFailedTests} failed`);
  if (j.numPassedTests === 0) process.exit(1);
}
process.exit(r.status ?? 1);
