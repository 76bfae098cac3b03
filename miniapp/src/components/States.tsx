import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { ReactNode } from 'react'
import { openSignIn } from '../lib/auth'
import { ROUTES } from '../lib/config'
import { errorText, isApiError, reasonTexts } from '../lib/errors'
import type { Loaded } from '../lib/hooks'
import { Btn } from './Btn'
import { cx } from './cx'
import { NwText } from './Nw'

export function Loading({ text = '加载中…' }: { text?: string }) {
  return (
    <View className='state state-loading js-loading'>
      <View className='spinner' />
      <Text>{text}</Text>
    </View>
  )
}

export function Empty({ text, children, className }: { text: string; children?: ReactNode; className?: string }) {
  return (
    <View className={cx('state state-empty js-empty', className)}>
      <Text className='state-text'>{text}</Text>
      {children}
    </View>
  )
}

/** The reasons of an error or a decision, each on its own line. */
export function ReasonList({ items, className }: { items: string[]; className: string }) {
  if (items.length === 0) return null
  return (
    <View className='reasons'>
      {items.map((t, i) => (
        <View key={i} className={cx('reason', className)}>
          <NwText text={t} />
        </View>
      ))}
    </View>
  )
}

/**
 * A failed load: the message in plain words (never a bare code), the reasons, and the
 * way forward: sign in again, verify the real name, or retry.
 */
export function ErrorView({ error, onRetry, className }: { error: unknown; onRetry?: () => void; className?: string }) {
  const code = isApiError(error) ? error.code : 'UNKNOWN'
  return (
    <View className={cx('state state-error js-error', className)}>
      <Text className='state-text js-error-text'>{errorText(error)}</Text>
      <ReasonList items={reasonTexts(error)} className='js-error-reason' />
      {code === 'UNAUTHENTICATED' ? (
        <Btn kind='primary' className='js-error-login' onClick={openSignIn}>
          去登录
        </Btn>
      ) : code === 'REAL_NAME_REQUIRED' ? (
        <Btn kind='primary' className='js-error-verify' onClick={() => void Taro.navigateTo({ url: ROUTES.identity })}>
          去实名认证
        </Btn>
      ) : onRetry ? (
        <Btn className='js-retry' onClick={onRetry}>
          重试
        </Btn>
      ) : null}
    </View>
  )
}

/**
 * What a load shows before it has data: a spinner while it loads, or the error with its way
 * forward (重试 reloads it unless `onRetry` says otherwise); nothing once there is data.
 */
export function Pending({ loaded, onRetry, className }: { loaded: Pick<Loaded<unknown>, 'status' | 'data' | 'error' | 'reload'>; onRetry?: () => void; className?: string }) {
  if (loaded.data) return null
  if (loaded.status === 'loading') return <Loading />
  if (loaded.status === 'error') return <ErrorView error={loaded.error} onRetry={onRetry ?? (() => void loaded.reload())} className={className} />
  return null
}

/** An inline error message (forms, actions). */
export function ErrorText({ error, className }: { error: unknown; className: string }) {
  // a polite live region that is there before the error, so that a screen reader reads it
  return (
    <View className='error-live' aria-live='polite'>
      {error ? (
        <View className={cx('error-box', className)}>
          <Text className='error-box-text'>{errorText(error)}</Text>
          <ReasonList items={reasonTexts(error)} className={`${className}-reason`} />
        </View>
      ) : null}
    </View>
  )
}
