/**
 * The reliability suite (npm run test:reliability → scripts/reliability.mjs): crash safety,
 * concurrency, several processes, hostile input and privacy. Files are `*.rel.ts`, so the normal
 * `npm test` runner (workspaces shared, bff, miniapp) never picks them up.
 * @type {import('jest').Config}
 */
module.exports = {
  displayName: 'reliability',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.rel.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  moduleNameMapper: { '^@yibao/shared$': '<rootDir>/../shared/src/index.ts' },
  // the in-process sections load PGlite from the bff tests' migrated template
  globalSetup: '<rootDir>/../bff/src/test/global-setup.ts',
  setupFilesAfterEnv: ['<rootDir>/support/setup.ts'],
  testTimeout: 240_000,
  // two files at a time: the child-process sections mostly wait on restarts while in-process ones compute
  maxWorkers: 2,
};
