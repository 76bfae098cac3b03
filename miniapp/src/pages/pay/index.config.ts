export default definePageConfig({ navigationBarTitleText: '医保缴费' })
