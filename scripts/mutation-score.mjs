#!/usr/bin/env node
// Reads Stryker's JSON report (shared/reports/mutation/mutation.json) and prints the mutation
// score per folder and per file of shared/src. Fails (exit 1) when a gated folder scores below
// the bar: `node scripts/mutation-score.mjs [report] [--min 95] [--gate src/rules,src/identity]`.
// Score as Stryker counts it: detected (killed + timed out) over valid mutants (detected +
// survived + not covered); compile errors, runtime errors and ignored mutants do not count.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const [v] = args.splice(i, 2).slice(1);
  return v;
};
const min = Number(opt('--min', '95'));
const gates = opt('--gate', 'src/rules,src/identity').split(',').filter(Boolean);
const reportPath = args[0] ?? join(root, 'shared/reports/mutation/mutation.json');
if (!existsSync(reportPath)) {
  console.error(`mutation score: no report at ${reportPath} (run \`npm run test:mutation\` first)`);
  process.exit(1);
}
const report = JSON.parse(readFileSync(reportPath, 'utf8'));

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);
const empty = () => ({ detected: 0, undetected: 0, ignored: 0, errors: 0 });
const count = (acc, m) => {
  if (DETECTED.has(m.status)) acc.detected++;
  else if (UNDETECTED.has(m.status)) acc.undetected++;
  else if (m.status === 'Ignored') acc.ignored++;
  else acc.errors++; // CompileError, RuntimeError
  return acc;
};
const score = (c) => (c.detected + c.undetected === 0 ? 100 : (100 * c.detected) / (c.detected + c.undetected));
const fmt = (c) => `${score(c).toFixed(2).padStart(6)} %  ${String(c.detected).padStart(4)} killed ${String(c.undetected).padStart(3)} survived ${String(c.ignored).padStart(3)} disabled`;

const files = Object.entries(report.files)
  .map(([name, f]) => [name.replace(/\\/g, '/').replace(/^.*?(src\/)/, '$1'), f])
  .sort(([a], [b]) => a.localeCompare(b));
const folders = new Map();
const survivors = [];
const total = empty();
for (const [name, f] of files) {
  const folder = dirname(name);
  const c = f.mutants.reduce(count, empty());
  if (!folders.has(folder)) folders.set(folder, { c: empty(), files: [] });
  const entry = folders.get(folder);
  for (const m of f.mutants) {
    count(entry.c, m);
    count(total, m);
    if (UNDETECTED.has(m.status) && gates.some((g) => name.startsWith(`${g}/`))) {
      survivors.push(`  ${name}:${m.location.start.line}:${m.location.start.column} ${m.mutatorName}${m.status === 'NoCoverage' ? ' (no coverage)' : ''}: ${JSON.stringify(m.replacement ?? '')}`);
    }
  }
  entry.files.push([name, c]);
}

console.log(`\nmutation score of shared (bar ${min} % for ${gates.join(', ')})`);
let failed = false;
for (const [folder, { c, files: fs }] of [...folders].sort(([a], [b]) => a.localeCompare(b))) {
  const gated = gates.includes(folder);
  const low = gated && score(c) < min;
  failed ||= low;
  console.log(`${folder.padEnd(34)} ${fmt(c)}${gated ? (low ? '   BELOW THE BAR' : '   gated: ok') : ''}`);
  for (const [name, fc] of fs) console.log(`  ${name.slice(folder.length + 1).padEnd(32)} ${fmt(fc)}`);
}
console.log(`${'all of shared/src (mutated files)'.padEnd(34)} ${fmt(total)}`);
for (const g of gates) if (!folders.has(g)) { console.log(`${g}: no mutants in the report`); failed = true; }
if (survivors.length) console.log(`\nundetected mutants in gated folders:\n${survivors.join('\n')}`);
if (failed) {
  console.error(`\nmutation score below ${min} % in a gated folder`);
  process.exit(1);
}
