import * as fs from 'node:fs';
import * as path from 'node:path';
import { REASONS } from './messages';

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? testFiles(full) : e.name.endsWith('.test.ts') ? [full] : [];
  });
}

const policy = fs.readFileSync(path.resolve(__dirname, '../../../shared/POLICY.md'), 'utf8');
const ruleIds = [...new Set(policy.match(/\*\*(P-[A-Z]+-\d+[a-z]?)\*\*/g)!.map((m) => m.replace(/\*/g, '')))];
const titles = testFiles(__dirname)
  .flatMap((f) => fs.readFileSync(f, 'utf8').match(/(?:describe|it|it\.each\([\s\S]*?\))\(\s*'[^']*'/g) ?? [])
  .join('\n');

describe('POLICY.md coverage: every rule id is named in a test title', () => {
  it('finds the rule ids of POLICY.md', () => {
    expect(ruleIds.length).toBeGreaterThan(30);
  });
  it.each(ruleIds)('%s has a test', (id) => {
    expect(titles).toMatch(new RegExp(`${id}(?![0-9a-z])`));
  });
  it('every reason code cites a rule id that POLICY.md has', () => {
    for (const { rule } of Object.values(REASONS)) expect(ruleIds).toContain(rule);
  });
});
