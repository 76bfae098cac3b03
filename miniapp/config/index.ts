import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'

/**
 * Build-time settings (environment variables read when `taro build` runs):
 *  - BFF_URL        weapp only: origin of the BFF (default http://localhost:3000). A release build
 *                   (`npm run build:weapp -- --release`) requires https:// on a public domain and a
 *                   real TARO_APP_ID: see release-guard.js and the README "Releasing the weapp".
 *                   H5 always calls the same origin: /api/v1.
 *  - SANDBOX_LOGIN  "1"/"true": use the sandbox sign-in page (code "sandbox:<openid>")
 *                   instead of Taro.login() on weapp. H5 always uses the sandbox sign-in.
 *  - TARO_APP_ID    WeChat app id written to dist/weapp/project.config.json
 *                   (default "touristappid", the test id).
 *  - WECHAT_TEMPLATE_INVITATION, _CONSENT, _FAMILY_PAYMENT, _REFUND  subscription-message
 *                   template ids (the BFF's own); the mini-program asks the user for those set.
 */
const env = process.env.TARO_ENV ?? 'weapp'
const isH5 = env === 'h5'
const truthy = (v: string | undefined) => v === '1' || v === 'true' || v === 'yes'
const bffUrl = (process.env.BFF_URL ?? 'http://localhost:3000').replace(/\/+$/, '')
const apiBase = isH5 ? (process.env.H5_API_BASE ?? '/api/v1') : `${bffUrl}/api/v1`
const sandboxLogin = isH5 || truthy(process.env.SANDBOX_LOGIN)
const templates = Object.fromEntries(
  ['INVITATION', 'CONSENT', 'FAMILY_PAYMENT', 'REFUND'].flatMap((k) => (process.env[`WECHAT_TEMPLATE_${k}`] ? [[k, process.env[`WECHAT_TEMPLATE_${k}`]]] : [])),
)

const sharedSrc = path.resolve(__dirname, '../../shared/src')
// Transpiled with our own code to the browserslist targets (package.json): shared's
// source, zod (published as ES2020+, e.g. `??`, which older WeChat runtimes reject) and
// qrcode-generator's ES module (dist/qrcode.mjs uses const/let: the QR page must be ES5).
const compileInclude = [
  sharedSrc,
  (file: string) => /[\\/]node_modules[\\/]zod[\\/]/.test(file),
  (file: string) => /[\\/]node_modules[\\/]qrcode-generator[\\/]/.test(file),
]

export default defineConfig<'webpack5'>(async (merge) => {
  const base: UserConfigExport<'webpack5'> = {
    projectName: 'yibao-miniapp',
    date: '2026-11-24',
    designWidth: 750,
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    outputRoot: `dist/${env}`,
    plugins: [],
    defineConstants: {
      __API_BASE__: JSON.stringify(apiBase),
      __SANDBOX_LOGIN__: JSON.stringify(sandboxLogin),
      __WECHAT_TEMPLATES__: JSON.stringify(templates),
    },
    alias: {
      // Compile @yibao/shared from source: no separate build step, and only its
      // browser-safe modules end up in the bundle.
      '@yibao/shared': path.join(sharedSrc, 'index.ts'),
    },
    copy: { patterns: [], options: {} },
    // Production minification (merged over Taro's defaults, which leave most compress passes off
    // and write every Chinese character as a 6-byte \uXXXX escape): keeps the weapp main package
    // under 500 KB (npm run bench). Output stays ES5; `comparisons` stays off (a known terser bug).
    terser: {
      enable: true,
      config: {
        compress: { reduce_vars: true, collapse_vars: true, inline: true, hoist_props: true, switches: true, typeofs: true, passes: 2 },
        output: { ascii_only: false },
      },
    },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    logger: { quiet: true, stats: false },
    mini: {
      compile: { include: compileInclude },
      webpackChain(chain) {
        // zod without `globalThis`/`BigInt` at module load (old iOS): see zod-old-ios-loader.js
        chain.module
          .rule('zod-old-ios')
          .test(/[\\/]node_modules[\\/]zod[\\/].*\.m?js$/)
          .enforce('pre')
          .use('zod-old-ios')
          .loader(path.join(__dirname, 'zod-old-ios-loader.js'))
      },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      // Plain HTML elements (div/input/img) instead of Web Components: lighter, and end-to-end
      // tests can fill `input.js-…` directly.
      useHtmlComponents: true,
      compile: { include: compileInclude },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      webpackChain(chain) {
        // A mobile app bundle: no "asset size limit" warnings on every build.
        chain.performance.hints(false)
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  }
  if (process.env.NODE_ENV === 'development') {
    return merge({}, base, (await import('./dev')).default)
  }
  return merge({}, base, (await import('./prod')).default)
})
