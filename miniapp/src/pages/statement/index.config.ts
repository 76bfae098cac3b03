export default definePageConfig({ navigationBarTitleText: '账户明细', onReachBottomDistance: 200 })
