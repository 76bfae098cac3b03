#!/usr/bin/env node
// Runs every workspace's jest suite (shared, bff, miniapp, desk) and ends with one plain summary line
// "N passed, N failed" that CI reads. `node scripts/test.mjs bff` runs only the named workspaces.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const wanted = process.argv.slice(2);
const workspaces = ['shared', 'bff', 'miniapp', 'desk'].filter((w) => wanted.length === 0 || wanted.includes(w));

// bff compiles against shared's build (project reference); the mini-program and the desk compile shared's source.
const build = spawnSync('npx', ['tsc', '-b', 'shared'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const tmp = mkdtempSync(join(tmpdir(), 'yibao-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
let exitCode = 0;
for (const ws of workspaces) {
  const dir = join(root, ws);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (!pkg.scripts?.test || !existsSync(join(dir, 'jest.config.js'))) continue;
  const out = join(tmp, `${ws}.json`);
  console.log(`\n=== ${ws} ===`);
  const run = spawnSync('npm', ['test', '--silent', '--', '--json', `--outputFile=${out}`], {
    cwd: dir,
    stdio: 'inherit',
    env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --no-warnings`.trim() },
  });
  if (run.status !== 0) exitCode = run.status ?? 1;
  if (existsSync(out)) {
    const r = JSON.parse(readFileSync(out, 'utf8'));
    totals.passed += r.numPassedTests;
    totals.failed += r.numFailedTests;
    totals.skipped += r.numPendingTests + (r.numTodoTests ?? 0);
    console.log(`${ws}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
  } else {
    console.log(`${ws}: no results (jest exited ${run.status})`);
    exitCode = exitCode || 1;
  }
}
rmSync(tmp, { recursive: true, force: true });
if (totals.passed === 0) exitCode = exitCode || 1;
console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(exitCode);
