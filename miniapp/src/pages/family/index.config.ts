// enableShareAppMessage: an invitation waiting for consent can be sent into a WeChat chat (onShareAppMessage)
export default definePageConfig({ navigationBarTitleText: '家庭共济', enableShareAppMessage: true })
