// babel-preset-taro: https://docs.taro.zone/docs/next/babel-config
// Used only by the Taro (webpack) builds; jest uses @swc/jest (see jest.config.js).
module.exports = {
  presets: [
    ['taro', {
      framework: 'react',
      ts: true,
      compiler: 'webpack5',
      hot: false,
    }],
  ],
}
