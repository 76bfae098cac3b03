export default definePageConfig({ navigationBarTitleText: '就诊结算记录' })
