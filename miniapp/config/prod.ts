import type { UserConfigExport } from '@tarojs/cli'

// Production: no source maps (keeps the 2-core builds quick and the weapp package small).
export default {
  mini: { enableSourceMap: false },
  h5: { enableSourceMap: false },
} satisfies UserConfigExport<'webpack5'>
