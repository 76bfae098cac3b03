import { Text, View } from '@tarojs/components'
import { serverNow } from '../lib/clock'
import { currentAndUpcoming } from '../lib/shared'
import { dateTime } from '../lib/format'
import type { MaintenanceWindow, Notices } from '../lib/types'
import { NwText } from './Nw'

/** P-OPS-1 notices: the current maintenance (with its resume time) and announced ones. */
export function MaintenanceBanner({ notices, now = serverNow() }: { notices: Notices | undefined; now?: number }) {
  if (!notices) return null
  const at = new Date(now)
  const windows: MaintenanceWindow[] = Array.isArray(notices.maintenance) ? notices.maintenance : []
  const shown = currentAndUpcoming(windows, at)
  const isActive = (w: MaintenanceWindow) => Date.parse(w.startsAt) <= now && now < Date.parse(w.endsAt)
  if (!notices.suspended && shown.length === 0) return null
  // The BFF's `suspended` is authoritative (its clock may differ from the phone's).
  const active = shown.filter(isActive)
  const current = notices.suspended ? (active[0] ?? shown[0] ?? windows[windows.length - 1]) : active[0]
  const upcoming = shown.filter((w) => w !== current)
  return (
    <View className={`banner ${current ? 'banner-alert' : 'banner-info'} js-maintenance-banner`}>
      {current ? (
        <View className='banner-line js-maintenance-current'>
          <Text className='banner-title'>系统维护中</Text>
          <Text>{current.message ? `：${current.message}，` : '，'}</Text>
          <NwText className='js-maintenance-resume' text={`预计 ${dateTime(current.endsAt)} 恢复`} />
          <Text>（维护期间暂停缴费、家庭绑定等业务，查询不受影响）</Text>
        </View>
      ) : notices.suspended ? (
        <View className='banner-line js-maintenance-current'>
          <Text className='banner-title'>系统维护中，暂停缴费、家庭绑定等业务</Text>
        </View>
      ) : null}
      {upcoming.map((w, i) => (
        <View key={i} className='banner-line js-maintenance-upcoming'>
          <Text className='banner-title'>维护预告</Text>
          <NwText text={`：${w.message ? `${w.message}，` : ''}${dateTime(w.startsAt)} 至 ${dateTime(w.endsAt)}，`} />
          <NwText className='js-maintenance-resume' text={`预计 ${dateTime(w.endsAt)} 恢复`} />
        </View>
      ))}
    </View>
  )
}
