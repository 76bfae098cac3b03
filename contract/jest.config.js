/**
 * `npm run test:contract` (scripts/contract.mjs): the built BFF's answers against its served
 * OpenAPI document. One file, one BFF, run in band.
 * @type {import('jest').Config}
 */
module.exports = {
  displayName: 'contract',
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.tsx?$': ['@swc/jest'] },
  testMatch: ['<rootDir>/**/*.contract.ts'],
  testTimeout: 120_000,
  maxWorkers: 1,
  // fetch keeps idle loopback sockets alive for a few seconds after the last call
  forceExit: true,
};
