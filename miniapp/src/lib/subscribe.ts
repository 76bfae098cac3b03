/**
 * Subscription messages (API.md WeChat, Messages): WeChat sends one only to a user who agreed to
 * that template just before, and asks only from a tap. Pages call `askToNotify` from the tap that
 * makes the message matter (adding a member: their answer; 实名认证: invitations). Templates with
 * no id in the build are not asked for; outside WeChat (H5) nothing happens. Never throws, never
 * holds up the tap's own work for long.
 */
import Taro from '@tarojs/taro'
import { isWeapp, messageTemplates } from './config'

export type MessageKind = 'INVITATION' | 'CONSENT' | 'FAMILY_PAYMENT' | 'REFUND'

export async function askToNotify(kinds: MessageKind[]): Promise<void> {
  if (!isWeapp()) return
  const templates = messageTemplates()
  const tmplIds = kinds.map((k) => templates[k]).filter((id): id is string => !!id).slice(0, 3)
  if (tmplIds.length === 0) return
  try {
    await Taro.requestSubscribeMessage({ tmplIds } as Parameters<typeof Taro.requestSubscribeMessage>[0])
  } catch {
    // refused, or an old WeChat: the message is simply not sent
  }
}
