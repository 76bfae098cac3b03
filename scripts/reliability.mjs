#!/usr/bin/env node
// `npm run test:reliability`: builds shared + bff, runs the reliability suite (reliability/*.rel.ts)
// on PGlite and then on PostgreSQL (a fresh database rel_<random>, dropped afterwards), prints the
// figures table (section, engine, cases tried, failures) and ends with one plain line
// "N passed, N failed" that CI reads.
//
//   node scripts/reliability.mjs                    both engines
//   REL_ENGINES=pglite node scripts/reliability.mjs one engine (pglite | postgres)
//   node scripts/reliability.mjs crash fuzz         only the files matching these patterns
//
// PostgreSQL: REL_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) names the server
// and the maintenance database; the suite never writes into that database itself.
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildStale } from './build.mjs';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const patterns = process.argv.slice(2);
const engines = (process.env.REL_ENGINES ?? 'pglite,postgres').split(',').map((s) => s.trim()).filter(Boolean);
const adminUrl = process.env.REL_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const started = Date.now();

// shared + bff (tsc -b) and the migrated PGlite template a new data folder starts from, as `npm start` builds them
console.log('--- build (shared, bff)');
buildStale({ h5: false });
// the suite is TypeScript run by @swc/jest, which does not type-check: do it here
const typecheck = spawnSync('npx', ['tsc', '-p', 'reliability/tsconfig.json'], { cwd: root, stdio: 'inherit' });
if (typecheck.status !== 0) {
  console.log('reliability suite: type errors\n\n0 passed, 1 failed');
  process.exit(1);
}

const tmp = mkdtempSync(join(tmpdir(), 'yibao-rel-'));
const totals = { passed: 0, failed: 0 };
const rows = [];
let exitCode = 0;

async function withPg(fn) {
  const { Client } = require('pg');
  const c = new Client({ connectionString: adminUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

for (const engine of engines) {
  const figures = join(tmp, `figures-${engine}`);
  const out = join(tmp, `${engine}.json`);
  const env = { ...process.env, REL_FIGURES_DIR: figures, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --no-warnings`.trim() };
  delete env.DATABASE_URL;
  let database;
  if (engine === 'postgres') {
    database = `rel_${crypto.randomBytes(4).toString('hex')}`;
    try {
      await withPg((c) => c.query(`create database ${database}`));
    } catch (err) {
      console.log(`\n=== reliability on postgres: cannot reach ${adminUrl}: ${err.message}`);
      totals.failed++;
      exitCode = 1;
      continue;
    }
    const u = new URL(adminUrl);
    u.pathname = `/${database}`;
    env.DATABASE_URL = u.toString();
  } else if (engine !== 'pglite') {
    console.log(`unknown engine ${engine}`);
    process.exit(2);
  }
  console.log(`\n=== reliability on ${engine}${database ? ` (database ${database})` : ''}`);
  const t0 = Date.now();
  const run = spawnSync('npx', ['jest', '-c', 'reliability/jest.config.js', '--json', `--outputFile=${out}`, ...patterns], { cwd: root, stdio: 'inherit', env });
  const seconds = Math.round((Date.now() - t0) / 1000);
  if (run.status !== 0) exitCode = run.status ?? 1;
  if (existsSync(out)) {
    const r = JSON.parse(readFileSync(out, 'utf8'));
    totals.passed += r.numPassedTests;
    totals.failed += r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
    console.log(`reliability on ${engine}: ${r.numPassedTests} passed, ${r.numFailedTests} failed in ${seconds} s`);
  } else {
    console.log(`reliability on ${engine}: no results (jest exited ${run.status})`);
    totals.failed++;
    exitCode = exitCode || 1;
  }
  if (existsSync(figures)) {
    for (const f of readdirSync(figures).sort()) rows.push(...JSON.parse(readFileSync(join(figures, f), 'utf8')));
  }
  if (database) {
    // the run's database and every database its scenarios made (<database>_<tag>_<random>)
    await withPg(async (c) => {
      const { rows: dbs } = await c.query(`select datname from pg_database where datname = $1 or datname like $2`, [database, `${database}\\_%`]);
      for (const { datname } of dbs) await c.query(`drop database if exists "${datname}" with (force)`);
    }).catch((err) => console.log(`could not drop ${database}: ${err.message}`));
  }
}
rmSync(tmp, { recursive: true, force: true });

// one row per section and engine (a section may be reported by several files)
const merged = new Map();
for (const r of rows) {
  const k = `${r.section}\u0000${r.engine}`;
  const m = merged.get(k) ?? { section: r.section, engine: r.engine, tried: 0, failures: 0, notes: [], sample: [], figures: {} };
  Object.assign(m.figures, r.figures ?? {});
  m.tried += r.tried;
  m.failures += r.failures;
  m.notes.push(...r.notes);
  m.sample.push(...r.sample);
  merged.set(k, m);
}
const ORDER = ['Crash', 'Failover', 'Concurrency', 'Two processes', 'Hostile', 'Privacy'];
const rank = (s) => {
  const i = ORDER.findIndex((p) => s.startsWith(p));
  return i < 0 ? ORDER.length : i;
};
// a section that ran nothing on an engine (e.g. failover on PGlite) and says nothing is left out
const table = [...merged.values()].filter((r) => r.tried > 0 || r.failures > 0 || r.notes.length > 0).sort((a, b) => rank(a.section) - rank(b.section) || a.section.localeCompare(b.section) || a.engine.localeCompare(b.engine));

const w = Math.max(7, ...table.map((r) => r.section.length));
const line = `+-${'-'.repeat(w)}-+----------+-------------+----------+`;
console.log('\n=== reliability figures');
console.log(line);
console.log(`| ${'section'.padEnd(w)} | engine   | cases tried | failures |`);
console.log(line);
for (const r of table) console.log(`| ${r.section.padEnd(w)} | ${r.engine.padEnd(8)} | ${String(r.tried).padStart(11)} | ${String(r.failures).padStart(8)} |`);
console.log(line);
// the failover section's own figures (reliability/failover.rel.ts): kills, operations, recovery
const failover = table.filter((r) => r.section.startsWith('Failover') && 'kills' in r.figures);
if (failover.length > 0) {
  const head = ['engine', 'kills', 'acknowledged operations checked', 'lost', 'duplicated', 'recovery median / max'];
  const cells = failover.map((r) => [r.engine, r.figures.kills, r.figures.acknowledged, r.figures.lost, r.figures.duplicated, `${r.figures.recoveryMedianS} s / ${r.figures.recoveryMaxS} s`].map(String));
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const sep = `+${widths.map((x) => '-'.repeat(x + 2)).join('+')}+`;
  console.log('\n=== failover (pg_auto_failover, kill -9 of the primary\'s postgres; recovery = kill to the first successful write)');
  console.log(sep);
  console.log(`| ${head.map((h, i) => h.padEnd(widths[i])).join(' | ')} |`);
  console.log(sep);
  for (const c of cells) console.log(`| ${c.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join(' | ')} |`);
  console.log(sep);
}
for (const r of table) for (const n of r.notes) console.log(`  ${r.section} (${r.engine}): ${n}`);
for (const r of table) for (const s of r.sample) console.log(`  FAILURE ${r.section} (${r.engine}): ${s}`);
const failedCases = table.reduce((s, r) => s + r.failures, 0);
if (failedCases > 0) exitCode = exitCode || 1;
console.log(`\nreliability wall time ${Math.round((Date.now() - started) / 1000)} s`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(exitCode);
