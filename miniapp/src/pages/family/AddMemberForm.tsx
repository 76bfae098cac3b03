import { View } from '@tarojs/components'
import { useState } from 'react'
import { Btn } from '../../components/Btn'
import { Choice, ChoiceGroup } from '../../components/Choice'
import { cx } from '../../components/cx'
import { Field } from '../../components/Field'
import { ErrorText } from '../../components/States'
import { api } from '../../lib/api'
import { isApiError } from '../../lib/errors'
import { useFieldForm, useMounted, useScope } from '../../lib/hooks'
import { ALLOWED_RELATIONS, RELATION_LABELS } from '../../lib/shared'
import type { AddMemberResult, Relation } from '../../lib/types'
import { checkMemberForm, hasErrors, serverFieldErrors } from '../../lib/memberForm'
import { askToNotify } from '../../lib/subscribe'

/**
 * P-FAM-3: the relations the family policy allows. The phone cannot know the region's
 * configured policy, so it offers the default (NEAR); the BFF answers
 * RELATION_NOT_ALLOWED where a narrower policy is in force.
 */
export const RELATION_CHOICES: readonly Relation[] = ALLOWED_RELATIONS.NEAR

type Values = { name: string; idNumber: string; relation: Relation | '' }

/** 添加家庭成员: POST /family/members {name, idNumber, relation}. */
export function AddMemberForm({ onAdded, onCancel, relation }: { onAdded: (r: AddMemberResult) => void; onCancel: () => void; relation?: Relation }) {
  const scope = useScope()
  const mounted = useMounted()
  // `relation`: 重新邀请 after a decline starts from the relation of the first invitation (#14 finding 10)
  const { values, local, shown, change, field, touchAll, setServerErrors } = useFieldForm<Values>({ name: '', idNumber: '', relation: relation ?? '' }, checkMemberForm)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)

  const submit = async () => {
    if (busy) return
    touchAll()
    if (hasErrors(local) || !values.relation) return
    // asked from this tap (a WeChat rule): to hear when the member answers, and when the account pays for them
    void askToNotify(['CONSENT', 'FAMILY_PAYMENT'])
    setBusy(true)
    setError(null)
    try {
      const r = await api.addMember(
        { name: values.name.trim(), idNumber: values.idNumber.trim().toUpperCase(), relation: values.relation },
        { scope },
      )
      if (mounted.current) onAdded(r)
    } catch (e) {
      if (!mounted.current || (isApiError(e) && e.isCancelled)) return
      if (isApiError(e) && e.code === 'VALIDATION_FAILED') setServerErrors(serverFieldErrors(e.reasons))
      setError(e)
    } finally {
      if (mounted.current) setBusy(false)
    }
  }

  return (
    <View className='card js-member-form'>
      <View className='card-title' role='heading' aria-level={2}>
        添加家庭成员
      </View>
      <Field
        label='成员姓名'
        {...field('name')}
        placeholder='与身份证一致'
        maxlength={30}
        inputClass='js-member-name'
        id='member-name'
      />
      <Field
        label='成员身份证号'
        {...field('idNumber')}
        placeholder='18位身份证号'
        type='idcard'
        maxlength={18}
        inputClass='js-member-id'
        id='member-id'
      />
      <View className={cx('field', shown('relation') && 'has-error')}>
        <View className='field-label'>该成员是您的</View>
        <ChoiceGroup kind='radio' label='该成员是您的' className='chips js-member-relation'>
          {RELATION_CHOICES.map((r) => (
            <Choice
              key={r}
              kind='radio'
              id={`relation-${r}`}
              className={cx('chip', 'js-relation-option', `js-relation-${r}`)}
              checked={values.relation === r}
              onPick={() => change('relation')(r)}
            >
              {RELATION_LABELS[r]}
            </Choice>
          ))}
        </ChoiceGroup>
        <View className='field-live' aria-live='polite'>
          {shown('relation') ? <View className='field-error js-member-relation-error'>{shown('relation')}</View> : null}
        </View>
      </View>
      <ErrorText error={error} className='js-member-error' />
      <View className='actions'>
        <Btn className='js-member-cancel' onClick={onCancel}>
          取消
        </Btn>
        <Btn kind='primary' id='member-submit' className='js-member-submit' loading={busy} onClick={() => void submit()}>
          {busy ? '提交中…' : '确认添加'}
        </Btn>
      </View>
    </View>
  )
}
