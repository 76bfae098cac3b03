import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Figures per section (cases tried, failures), written by each test file at its end and
 * gathered by scripts/reliability.mjs into the table it prints. A failure is an invariant
 * that did not hold; each test ends by expecting none.
 */
export const ENGINE: 'pglite' | 'postgres' = process.env.DATABASE_URL ? 'postgres' : 'pglite';

export interface Section {
  readonly name: string;
  tried: number;
  failures: string[];
  /** Failures before this index belong to earlier tests (set before each test). */
  mark: number;
  notes: string[];
  /** Named figures of the section (the failover section's kills, recovery seconds…). */
  figures: Record<string, number>;
  /** Counts one case; records `message` as a failure when `ok` is false. Returns ok. */
  check(ok: boolean, message: () => string): boolean;
  fail(message: string): void;
  note(message: string): void;
  figure(name: string, value: number): void;
}

const sections = new Map<string, Section>();

export function section(name: string): Section {
  let s = sections.get(name);
  if (!s) {
    const created: Section = {
      name,
      tried: 0,
      failures: [],
      mark: 0,
      notes: [],
      figures: {},
      check(ok, message) {
        created.tried++;
        if (!ok) created.failures.push(message());
        return ok;
      },
      fail(message) {
        created.failures.push(message);
      },
      note(message) {
        created.notes.push(message);
      },
      figure(name, value) {
        created.figures[name] = value;
      },
    };
    s = created;
    sections.set(name, s);
  }
  return s;
}

/** The failures of a section in the current test, for `expect(failuresOf(s)).toEqual([])` (at most 20 shown). */
export function failuresOf(s: Section): string[] {
  return s.failures.slice(s.mark, s.mark + 20);
}

/** Called before each test: what failed earlier is not this test's failure (the figures keep it). */
export function markSections(): void {
  for (const s of sections.values()) s.mark = s.failures.length;
}

let flushed = 0;
/** Writes this file's figures (called by the setup file after every test file). */
export function flushFigures(file: string): void {
  const dir = process.env.REL_FIGURES_DIR;
  if (!dir || sections.size === 0) return;
  fs.mkdirSync(dir, { recursive: true });
  const rows = [...sections.values()].map((s) => ({
    section: s.name,
    engine: ENGINE,
    tried: s.tried,
    failures: s.failures.length,
    notes: s.notes,
    figures: s.figures,
    sample: s.failures.slice(0, 5),
  }));
  const name = `${path.basename(file).replace(/\W+/g, '_')}-${process.pid}-${flushed++}.json`;
  fs.writeFileSync(path.join(dir, name), JSON.stringify(rows, null, 1));
}
