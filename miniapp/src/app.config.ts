// Main package: the four tab pages and 登录. Rarely used pages are subpackages, loaded on
// demand, to keep the main package far below WeChat's 2 MB limit.
export default defineAppConfig({
  pages: ['pages/home/index', 'pages/qrcode/index', 'pages/family/index', 'pages/mine/index', 'pages/login/index'],
  subPackages: [
    { root: 'pages/identity', pages: ['index'] },
    { root: 'pages/pay', pages: ['index'] },
    { root: 'pages/orders', pages: ['index', 'detail'] },
    { root: 'pages/statement', pages: ['index'] },
    { root: 'pages/settlements', pages: ['index'] },
    { root: 'pages/memberships', pages: ['index'] },
    { root: 'pages/account', pages: ['index'] },
    { root: 'pages/consent', pages: ['index'] },
    { root: 'pages/legal', pages: ['terms', 'privacy'] },
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#1e6fd9',
    navigationBarTitleText: '医保服务',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f4f6f9',
  },
  tabBar: {
    color: '#5b6472',
    selectedColor: '#1e6fd9',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      {
        pagePath: 'pages/home/index',
        text: '首页',
        iconPath: 'assets/tab/home.png',
        selectedIconPath: 'assets/tab/home-active.png',
      },
      {
        pagePath: 'pages/qrcode/index',
        text: '医保码',
        iconPath: 'assets/tab/qrcode.png',
        selectedIconPath: 'assets/tab/qrcode-active.png',
      },
      {
        pagePath: 'pages/family/index',
        text: '家庭',
        iconPath: 'assets/tab/family.png',
        selectedIconPath: 'assets/tab/family-active.png',
      },
      {
        pagePath: 'pages/mine/index',
        text: '我的',
        iconPath: 'assets/tab/mine.png',
        selectedIconPath: 'assets/tab/mine-active.png',
      },
    ],
  },
})
