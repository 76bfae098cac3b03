import { View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { useElder } from '../lib/elder'
import { cx } from './cx'

/** Root of every page: applies 大字版 (class `elder`) and the page padding. */
export function Page({ children, className }: { children?: ReactNode; className?: string }) {
  const elder = useElder()
  return <View className={cx('page', elder && 'elder', className)}>{children}</View>
}

export function Card({ children, className, title }: { children?: ReactNode; className?: string; title?: string }) {
  return (
    <View className={cx('card', className)}>
      {title ? <View className='card-title'>{title}</View> : null}
      {children}
    </View>
  )
}

export function Row({ label, value, className }: { label: string; value: ReactNode; className?: string }) {
  return (
    <View className={cx('row', className)}>
      <View className='row-label'>{label}</View>
      <View className='row-value'>{value}</View>
    </View>
  )
}
