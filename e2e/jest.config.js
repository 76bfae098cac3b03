/** @type {import('jest').Config} */
module.exports = {
  displayName: 'e2e',
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.tsx?$': ['@swc/jest'] },
  testMatch: ['<rootDir>/**/*.e2e.ts'],
  testTimeout: 180_000,
  maxWorkers: 1,
  // fetch keeps idle loopback sockets alive for a few seconds after the last journey
  forceExit: true,
};
