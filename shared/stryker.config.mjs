// @ts-check
/**
 * Mutation testing of `shared` (issue 20): `npm run test:mutation` (root or shared).
 *
 * - inPlace: the tests read the spec beside the checkout relative to their own folder
 *   (`../../../shared/POLICY.md`), which a sandbox copy under .stryker-tmp would break; jest
 *   and swc are installed at the root. Stryker restores every file when the run ends.
 * - incremental: results of mutants whose code and covering tests did not change are reused
 *   from the committed file, so a run after a small change (and CI) takes minutes, not 15.
 *   Regenerate it (`npm run test:mutation`) after changing shared/src and commit it.
 * - Not mutated: tests and test support; index.ts (re-exports and a version string);
 *   types.ts and contract/** (type declarations, enum tuples and the zod schemas of the
 *   responses: load-time ("static") mutants that every test would have to re-run for, of
 *   `.describe()` texts and OpenAPI metadata that shared's unit tests are not the place to pin —
 *   the response schemas are exercised by the BFF's replies and `npm run test:contract`);
 *   messages.ts (the Chinese texts: a mutant there replaces a sentence, not a decision).
 */
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: { projectType: 'custom', configFile: 'jest.config.js', enableFindRelatedTests: true },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  inPlace: true,
  mutate: [
    'src/**/*.ts',
    '!src/**/*.test.ts',
    '!src/test-support.ts',
    '!src/index.ts',
    '!src/types.ts',
    '!src/contract/**',
    '!src/messages.ts',
  ],
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportTests: false, reportScoreTable: true, reportMutants: true },
  concurrency: 2,
  timeoutMS: 10000,
  thresholds: { high: 95, low: 90, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
export default config;
