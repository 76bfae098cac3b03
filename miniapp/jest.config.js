/**
 * Component tests: jsdom + @testing-library/react. Taro is replaced only at the edge:
 * @tarojs/components → plain DOM elements (test/components.tsx), @tarojs/taro → storage,
 * navigation, modal and Taro.request stand-ins (test/taro.ts), where Taro.request is served
 * by an in-memory fake BFF (test/fakeBff.ts). Everything in src/ (the request module with
 * its refresh and error handling, pages, hooks, @yibao/shared) runs for real.
 * @type {import('jest').Config}
 */
module.exports = {
  displayName: 'miniapp',
  rootDir: __dirname,
  testEnvironment: 'jsdom',
  roots: ['<rootDir>/src', '<rootDir>/config'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic' } },
          target: 'es2020',
        },
      },
    ],
  },
  moduleNameMapper: {
    '^@tarojs/taro$': '<rootDir>/test/taro.ts',
    '^@tarojs/components$': '<rootDir>/test/components.tsx',
    '^@yibao/shared$': '<rootDir>/../shared/src/index.ts',
    '\\.(css|scss)$': '<rootDir>/test/style-stub.js',
  },
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  globals: { __API_BASE__: '/api/v1', __SANDBOX_LOGIN__: true, __WECHAT_TEMPLATES__: { INVITATION: 'tpl-invite', CONSENT: 'tpl-consent', FAMILY_PAYMENT: 'tpl-pay' } },
}
