import { Text, View } from '@tarojs/components'
import Taro, { useShareAppMessage } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { Btn } from '../../components/Btn'
import { Card, Page } from '../../components/Page'
import { Empty, ErrorText, Loading, Pending } from '../../components/States'
import { Toggle } from '../../components/Toggle'
import { useModesConfirm } from '../../components/ModesConfirm'
import { api } from '../../lib/api'
import { isWeapp } from '../../lib/config'
import { useLoader, useMounted, useReshow, useScope } from '../../lib/hooks'
import { isCancelled } from '../../lib/errors'
import { organizerReasons, RELATION_LABELS, SCHEME_LABELS, STATUS_LABELS } from '../../lib/shared'
import type { AddMemberResult, DeclinedMember, FamilyModes, Invitation, Member, Membership, Relation } from '../../lib/types'
import { AddMemberForm } from './AddMemberForm'
import { invitationShare } from '../../lib/share'
import { organizerWord, showInvitationBadge } from '../../lib/invitations'
import { KEYS, readItem, writeItem } from '../../lib/storage'
import { Declined } from './Declined'
import { Invitations } from './Invitations'
import { Joined, leaveQuestion } from './Joined'
import { OrganizerGate } from './OrganizerGate'
import { memberLabels } from '../../lib/people'
import { Nw, NwText, Place } from '../../components/Nw'

export const MEMBER_STATUS_LABELS: Record<string, string> = {
  ACTIVE: '已生效',
  PENDING_CONSENT: '待对方确认',
}

/** 撤回邀请 (#14 finding 10): a pending row is withdrawn, not "unbound" (the same DELETE). */
export function withdrawQuestion(m: Pick<Member, 'maskedName' | 'relation'>, kin: string = RELATION_LABELS[m.relation] ?? m.relation) {
  return {
    title: '撤回邀请',
    content: `确定撤回对${kin} ${m.maskedName}的邀请吗？撤回后对方将无法再同意这条邀请，需要时可以重新邀请。`,
    confirmText: '撤回',
    cancelText: '取消',
    confirmColor: '#d93025',
  }
}

function dismissedDeclines(): string[] {
  const v = readItem<string[]>(KEYS.dismissedDeclines)
  return Array.isArray(v) ? v : []
}

/** 家庭共济 (P-FAM): members, invitations to me, usage modes, add and unbind. */
export default function Family() {
  const scope = useScope()
  const mounted = useMounted()
  const family = useLoader((s) => api.familyMembers({ scope: s }))
  const invitations = useLoader((s) => api.invitations({ scope: s }))
  const me = useLoader((s) => api.me({ scope: s }))
  const joined = useLoader((s) => api.memberships({ scope: s }))
  const [adding, setAdding] = useState<false | { relation?: Relation }>(false)
  const [dismissed, setDismissed] = useState<string[]>(dismissedDeclines)
  const [notice, setNotice] = useState('')
  const [actionError, setActionError] = useState<unknown>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const [modesError, setModesError] = useState<unknown>(null)
  const [modesBusy, setModesBusy] = useState(false)

  const reloadAll = (quiet = true) => {
    void family.reload(quiet)
    void invitations.reload(quiet)
    void joined.reload(quiet)
    void me.reload(true)
  }
  // the 家庭 tab's badge follows the invitations waiting for me (#14 finding 2)
  const waiting = invitations.status === 'ok' ? (invitations.data ?? []).length : -1
  useEffect(() => {
    if (waiting >= 0) showInvitationBadge(waiting)
  }, [waiting])
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

  const applyModes = async (next: FamilyModes) => {
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
  // #14 finding 3: switching a mode ON asks first (who pays, for whom, how much, which bucket)
  const modesConfirm = useModesConfirm(family.data, applyModes)
  const setModes = modesConfirm.request

  // #14 finding 1: "儿子 王** · 12岁" — kin word (by relation and gender), age, and the ID tail of look-alikes
  const labels = memberLabels(family.data)
  const kin = (m: Member) => labels.get(m.personId)?.kin ?? RELATION_LABELS[m.relation] ?? m.relation

  const unbind = async (m: Member) => {
    if (m.status === 'PENDING_CONSENT') {
      const answer = await Taro.showModal(withdrawQuestion(m, kin(m)))
      if (!answer.confirm) return
      await act(`unbind-${m.memberId}`, () => api.unbind(m.memberId, { scope }), `已撤回对 ${m.maskedName} 的邀请`)
      return
    }
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

  const answerInvitation = (inv: Invitation, accept: boolean) =>
    void act(
      `${accept ? 'accept' : 'decline'}-${inv.memberId}`,
      () => (accept ? api.acceptInvitation(inv.memberId, { scope }) : api.declineInvitation(inv.memberId, { scope })),
      accept ? `已加入${organizerWord(inv)} 的家庭共济，可在“我加入的家庭”中查看或退出` : `已拒绝${organizerWord(inv)} 的邀请`,
    )

  const leave = async (m: Membership) => {
    const answer = await Taro.showModal(leaveQuestion(m))
    if (!answer.confirm) return
    await act(`leave-${m.memberId}`, () => api.unbind(m.memberId, { scope }), `已退出 ${m.organizer.maskedName} 的家庭共济`)
  }

  const dismissDecline = (d: DeclinedMember) => {
    const next = [...dismissed.filter((id) => id !== d.memberId), d.memberId].slice(-50)
    writeItem(KEYS.dismissedDeclines, next)
    setDismissed(next)
  }

  const onAdded = (r: AddMemberResult) => {
    setAdding(false)
    setNotice(r.status === 'ACTIVE' ? '已添加，绑定已生效' : '已发送邀请，等待对方在本人账号中确认')
    reloadAll(true)
  }

  const invites: Invitation[] = invitations.data ?? []
  // P-FAM-1 (#14 finding 11): only an active employee with a personal account organises
  const person = me.data?.person
  const gate = person ? organizerReasons(person.insurance) : []
  const canOrganize = gate.length === 0
  const declined = (family.data?.declined ?? []).filter((d) => !dismissed.includes(d.memberId))
  const memberships: Membership[] = joined.data ?? []
  // someone who joined a network and organises none of their own (or cannot) comes here for it:
  // it comes first, instead of an empty "还没有绑定家庭成员" (#14 finding 2)
  const ownMembers = family.data?.members.length ?? 0
  const joinedFirst = !canOrganize || (memberships.length > 0 && ownMembers === 0)

  return (
    <Page className='page-family'>
      {notice ? <View className='notice js-family-notice'>
          <NwText text={notice} />
        </View> : null}
      <ErrorText error={actionError} className='js-family-action-error' />

      {invites.length > 0 ? (
        <Invitations invites={invites} busy={busy} onAnswer={answerInvitation} />
      ) : invitations.status === 'error' && !isRealNameError(invitations.error) && family.status !== 'error' ? (
        <ErrorText error={invitations.error} className='js-invitations-error' />
      ) : null}

      {family.data && me.status === 'loading' && !me.data ? (
        // who may organise (GET /me) is known before switches or the add button show
        <Loading />
      ) : family.data ? (
        <>
          {joinedFirst ? <Joined items={memberships} busy={busy} myGender={person?.gender} onLeave={(m) => void leave(m)} /> : null}
          {!canOrganize ? <OrganizerGate reasons={gate} /> : null}
          <Declined
            items={declined}
            onDismiss={dismissDecline}
            onInviteAgain={
              canOrganize
                ? (d) => {
                    setNotice('')
                    setActionError(null)
                    setAdding({ relation: d.relation })
                  }
                : undefined
            }
          />
          {canOrganize && !joinedFirst ? (
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
          ) : null}

          {ownMembers > 0 || (canOrganize && !joinedFirst) ? (
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
                      // PIPL: until an adult consents, the row shows only who was invited (#14 finding 10)
                      <View className='muted js-member-pending-hint'>等待对方同意。对方同意后显示证件、年龄与参保信息</View>
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
                    className={m.status === 'PENDING_CONSENT' ? 'js-member-unbind js-member-withdraw' : 'js-member-unbind'}
                    loading={busy === `unbind-${m.memberId}`}
                    disabled={!!busy}
                    onClick={() => void unbind(m)}
                  >
                    {m.status === 'PENDING_CONSENT' ? '撤回邀请' : '解除绑定'}
                  </Btn>
                </View>
              ))
            )}
          </Card>
          ) : null}

          {canOrganize && joinedFirst && !adding ? (
            <View className='muted js-family-organize-hint'>您也可以用自己的职工医保个人账户，为家人发起家庭共济。</View>
          ) : null}
          {!canOrganize ? null : adding ? (
            <AddMemberForm relation={adding.relation} onAdded={onAdded} onCancel={() => setAdding(false)} />
          ) : (
            <Btn
              kind='primary'
              className='js-member-add-open'
              onClick={() => {
                setNotice('')
                setActionError(null)
                setAdding({})
              }}
            >
              添加家庭成员
            </Btn>
          )}

          {!joinedFirst && memberships.length > 0 ? <Joined items={memberships} busy={busy} myGender={person?.gender} onLeave={(m) => void leave(m)} /> : null}
        </>
      ) : (
        <Pending loaded={family} onRetry={() => reloadAll(false)} />
      )}
      {modesConfirm.sheet}
    </Page>
  )
}

function isRealNameError(e: unknown): boolean {
  return !!e && typeof e === 'object' && (e as { code?: string }).code === 'REAL_NAME_REQUIRED'
}
