/** @type {import('jest').Config} */
module.exports = {
  displayName: 'shared',
  testEnvironment: 'node',
  transform: { '^.+\\.tsx?$': ['@swc/jest'] },
  testMatch: ['<rootDir>/src/**/*.test.ts'],
  collectCoverageFrom: ['src/**/*.ts', '!src/**/*.test.ts', '!src/index.ts', '!src/test-support.ts'],
  coverageReporters: ['text-summary'],
  // lines, not statements: @swc/jest's instrumentation counts erased `export type X = …` declarations
  // (the contract's inferred types) as statements that never run
  coverageThreshold: { global: { lines: 95 } },
};
