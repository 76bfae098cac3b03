export default definePageConfig({ navigationBarTitleText: '医保服务' })
