/**
 * The desk's component tests: jsdom + @testing-library/react; fetch is a fake that answers
 * with bodies valid against the contract's schemas (test/fakeApi.ts); everything in src/ and
 * @yibao/shared runs for real. The camera library is replaced at its edge (test/camera.ts).
 * @type {import('jest').Config}
 */
module.exports = {
  displayName: 'desk',
  rootDir: __dirname,
  testEnvironment: 'jsdom',
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } }, target: 'es2020' } },
    ],
  },
  moduleNameMapper: {
    '^@yibao/shared$': '<rootDir>/../shared/src/index.ts',
    '\\.css$': '<rootDir>/test/style-stub.js',
  },
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
};
