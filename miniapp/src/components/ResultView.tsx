import { View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { Btn } from './Btn'
import { Card } from './Page'
import { cx } from './cx'
import './sheet.scss'

/**
 * A WeUI result page (weui-msg): an icon, a title, what happened, and 完成 (#14 finding 3).
 * `kind` success draws the green tick; warn the orange one for a step still to do.
 */
export function ResultView({
  kind = 'success',
  title,
  children,
  doneText = '完成',
  onDone,
  extra,
  className,
}: {
  kind?: 'success' | 'warn'
  title: string
  children?: ReactNode
  doneText?: string
  onDone: () => void
  /** further buttons under 完成 (e.g. 查看订单) */
  extra?: ReactNode
  className?: string
}) {
  return (
    <Card className={cx('result-view', `result-${kind}`, className)}>
      <View className={cx('result-icon', `result-icon-${kind}`, 'js-result-icon')} role='img' aria-label={kind === 'success' ? '成功' : '提示'}>
        {kind === 'success' ? '✓' : '!'}
      </View>
      <View className='result-view-title js-result-title' role='heading' aria-level={2}>
        {title}
      </View>
      <View className='result-view-body'>{children}</View>
      <View className='result-view-actions'>
        <Btn kind='primary' className='js-result-done' onClick={onDone}>
          {doneText}
        </Btn>
        {extra}
      </View>
    </Card>
  )
}
