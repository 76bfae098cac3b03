/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  moduleNameMapper: { '^@yibao/shared$': '<rootDir>/../shared/src/index.ts' },
  globalSetup: '<rootDir>/src/test/global-setup.ts',
  testTimeout: 60000,
};
