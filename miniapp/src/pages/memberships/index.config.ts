export default definePageConfig({ navigationBarTitleText: '我加入的家庭' })
