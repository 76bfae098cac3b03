import { Text, View } from '@tarojs/components'
import Taro, { useShareAppMessage } from '@tarojs/taro'
import { useState } from 'react'
import { Btn } from '../../components/Btn'
import { Card, Page } from '../../components/Page'
import { Empty, ErrorText, Pending } from '../../components/States'
import { Toggle } from '../../components/Toggle'
import { api } from '../../lib/api'
import { isWeapp } from '../../lib/config'
import { useLoader, useMounted, useReshow, useScope } from '../../lib/hooks'
import { isCancelled } from '../../lib/errors'
import { RELATION_LABELS, SCHEME_LABELS, STATUS_LABELS } from '../../lib/shared'
import type { AddMemberResult, FamilyModes, Invitation, Member } from '../../lib/types'
import { AddMemberForm } from './AddMemberForm'
import { invitationShare } from '../../lib/share'
import { memberLabels } from '../../lib/people'
import { Nw, Place } from '../../components/Nw'

export const MEMBER_STATUS_LABELS: Record<string, string> = {
  ACTIVE: '已生效',
  PENDING_CONSENT: '待对方确认',
}

/** 家庭共济 (P-FAM): members, invitations to me, usage modes, add and unbind. */
export default function Family() {
  const scope = useScope()
  const mounted = useMounted()
  const family = useLoader((s) => api.familyMembers({ scope: s }))
  const invitations = useLoader((s) => api.invitations({ scope: s }))
  const [adding, setAdding] = useState(false)
  const [notice, setNotice] = useState('')
  const [actionError, setActionError] = useState<unknown>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const [modesError, setModesError] = useState<unknown>(null)
  const [modesBusy, setModesBusy] = useState(false)

  const reloadAll = (quiet = true) => {
    void family.reload(quiet)
    void invitations.reload(quiet)
  }
  useReshow(() => reloadAll(true))
  // 发送邀请: the share button of a member waiting for consent sends a card that opens the consent
  // page for that binding; it names nobody, and that page shows nothing but to the invitee
  useShareAppMessage((res) => invitationShare((res?.target as { dataset?: { memberId?: string } } | undefined)?.dataset?.memberId))

  /** Runs one action (accept, decline, unbind) with a busy flag and an error line. */
  const act = async (key: string, fn: () => Promise<unknown>, done: string) => {
    if (busy) return
    setBusy(key)
    setActionError(null)
    setNotice('')
    try {
      await fn()
      if (!mounted.current) return
      setNotice(done)
      reloadAll(true)
    } catch (e) {
      if (mounted.current && !isCancelled(e)) setActionError(e)
    } finally {
      if (mounted.current) setBusy(null)
    }
  }

  const setModes = async (next: FamilyModes) => {
    if (modesBusy || !family.data) return
    const before = family.data
    setModesBusy(true)
    setModesError(null)
    family.setData({ ...before, modes: next })
    try {
      const r = await api.setModes(next, { scope })
      if (mounted.current) family.setData({ ...before, modes: r?.modes ?? next })
    } catch (e) {
      if (!mounted.current || isCancelled(e)) return
      family.setData(before)
      setModesError(e)
    } finally {
      if (mounted.current) setModesBusy(false)
    }
  }

  // #14 finding 1: "儿子 王** · 12岁" — kin word (by relation and gender), age, and the ID tail of look-alikes
  const labels = memberLabels(family.data)
  const kin = (m: Member) => labels.get(m.personId)?.kin ?? RELATION_LABELS[m.relation] ?? m.relation

  const unbind = async (m: Member) => {
    const answer = await Taro.showModal({
      title: '解除绑定',
      content: `确定解除与${kin(m)} ${m.maskedName}的家庭共济绑定吗？已完成的缴费不受影响。`,
      confirmText: '解除',
      cancelText: '取消',
      confirmColor: '#d93025',
    })
    if (!answer.confirm) return
    await act(`unbind-${m.memberId}`, () => api.unbind(m.memberId, { scope }), `已解除与${kin(m)} ${m.maskedName}的绑定`)
  }

  const onAdded = (r: AddMemberResult) => {
    setAdding(false)
    setNotice(r.status === 'ACTIVE' ? '已添加，绑定已生效' : '已发送邀请，等待对方在本人账号中确认')
    reloadAll(true)
  }

  const invites: Invitation[] = invitations.data ?? []

  return (
    <Page className='page-family'>
      {notice ? <View className='notice js-family-notice'>{notice}</View> : null}
      <ErrorText error={actionError} className='js-family-action-error' />

      {invites.length > 0 ? (
        <Card title='待我确认的邀请' className='js-invitations'>
          {invites.map((inv) => (
            <View key={inv.memberId} id={`invitation-${inv.memberId}`} className='list-item js-invitation'>
              <View className='list-main'>
                <Text className='js-invitation-organizer'>{inv.organizer?.maskedName}</Text>
                <Text>{` 邀请您加入其家庭共济，关系：${RELATION_LABELS[inv.relation] ?? inv.relation}`}</Text>
              </View>
              <View className='actions'>
                <Btn
                  small
                  className='js-invitation-decline'
                  disabled={!!busy}
                  onClick={() => void act(`decline-${inv.memberId}`, () => api.declineInvitation(inv.memberId, { scope }), '已拒绝邀请')}
                >
                  拒绝
                </Btn>
                <Btn
                  small
                  kind='primary'
                  className='js-invitation-accept'
                  loading={busy === `accept-${inv.memberId}`}
                  disabled={!!busy}
                  onClick={() => void act(`accept-${inv.memberId}`, () => api.acceptInvitation(inv.memberId, { scope }), '已同意，绑定已生效')}
                >
                  同意
                </Btn>
              </View>
            </View>
          ))}
        </Card>
      ) : invitations.status === 'error' && !isRealNameError(invitations.error) && family.status !== 'error' ? (
        <ErrorText error={invitations.error} className='js-invitations-error' />
      ) : null}

      {family.data ? (
        <>
          <Card title='共济方式' className='js-modes'>
            <View className='muted'>开启后，已生效的家庭成员可按所选方式使用您个人账户的历年结余。</View>
            <Toggle
              className='js-mode-pay'
              id='mode-pay'
              label='共济支付'
              hint='家人就医、购药时使用您的个人账户'
              on={family.data.modes.pay}
              disabled={modesBusy}
              onChange={(on) => void setModes({ ...family.data!.modes, pay: on })}
            />
            <Toggle
              className='js-mode-premium'
              id='mode-premium'
              label='共济缴费'
              hint='用您的个人账户为家人缴纳医保、惠民保'
              on={family.data.modes.premium}
              disabled={modesBusy}
              onChange={(on) => void setModes({ ...family.data!.modes, premium: on })}
            />
            <ErrorText error={modesError} className='js-modes-error' />
          </Card>

          <Card title='家庭成员' className='js-members'>
            {family.data.members.length === 0 ? (
              <Empty text='还没有绑定家庭成员' />
            ) : (
              family.data.members.map((m) => (
                <View key={m.memberId} id={`member-${m.memberId}`} className={`list-item js-member js-member-${m.status}`}>
                  <View className='list-main'>
                    <View>
                      <Text className='strong js-member-masked-name'>{m.maskedName}</Text>
                      <Text className='tag js-member-relation'>{kin(m)}</Text>
                      {m.status === 'ACTIVE' ? <Nw className='person-age js-member-age'>{`${m.age}岁`}</Nw> : null}
                      <Text className={`tag ${m.status === 'ACTIVE' ? 'tag-ok' : 'tag-warn'} js-member-status`}>
                        {MEMBER_STATUS_LABELS[m.status] ?? m.status}
                      </Text>
                    </View>
                    {m.status === 'ACTIVE' ? (
                      <>
                        <View className='muted js-member-masked-id'>
                          <Nw>{m.maskedIdNumber}</Nw>
                        </View>
                        <View className='muted js-member-insurance'>
                          {`${SCHEME_LABELS[m.insurance.scheme] ?? m.insurance.scheme} · ${STATUS_LABELS[m.insurance.status] ?? m.insurance.status} · `}
                          <Place region={m.insurance.region} className='js-member-region' />
                        </View>
                      </>
                    ) : (
                      // PIPL: until an adult consents, the row shows only who was invited
                      <View className='muted js-member-pending-hint'>对方确认后显示证件与参保信息</View>
                    )}
                  </View>
                  {m.status === 'PENDING_CONSENT' && isWeapp() ? (
                    <Btn small kind='primary' className='js-member-share' openType='share' data={{ 'member-id': m.memberId }}>
                      发送邀请
                    </Btn>
                  ) : null}
                  <Btn
                    small
                    kind='danger'
                    className='js-member-unbind'
                    loading={busy === `unbind-${m.memberId}`}
                    disabled={!!busy}
                    onClick={() => void unbind(m)}
                  >
                    解除绑定
                  </Btn>
                </View>
              ))
            )}
          </Card>

          {adding ? (
            <AddMemberForm onAdded={onAdded} onCancel={() => setAdding(false)} />
          ) : (
            <Btn
              kind='primary'
              className='js-member-add-open'
              onClick={() => {
                setNotice('')
                setActionError(null)
                setAdding(true)
              }}
            >
              添加家庭成员
            </Btn>
          )}
        </>
      ) : (
        <Pending loaded={family} onRetry={() => reloadAll(false)} />
      )}
    </Page>
  )
}

function isRealNameError(e: unknown): boolean {
  return !!e && typeof e === 'object' && (e as { code?: string }).code === 'REAL_NAME_REQUIRED'
}
