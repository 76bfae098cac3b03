/**
 * Issue 19 (WCAG 2.1 AA, findings 2, 3, 6): every control of the app's own components has
 * its role, accessible name and state, is in the Tab order and works with Enter/Space; a
 * Field's label names its input and its error is announced; card titles are headings.
 */
import { fireEvent, render, screen } from '@testing-library/react'
import { useState } from 'react'
import { Btn } from './Btn'
import { Choice, ChoiceGroup, LinkItem } from './Choice'
import { Field } from './Field'
import { Card, Page } from './Page'
import { ErrorText } from './States'
import { Toggle } from './Toggle'
import { ApiError } from '../lib/errors'

const press = (el: Element, key: string) => fireEvent.keyDown(el, { key })

describe('Btn: role button, Tab, Enter and Space (finding 2)', () => {
  it('is a named button in the Tab order that Enter and Space press', () => {
    const onClick = jest.fn()
    render(<Btn onClick={onClick}>提交认证</Btn>)
    const b = screen.getByRole('button', { name: '提交认证' })
    expect(b.getAttribute('tabindex')).toBe('0')
    press(b, 'Enter')
    press(b, ' ')
    press(b, 'a')
    fireEvent.click(b)
    expect(onClick).toHaveBeenCalledTimes(3)
  })

  it('a disabled or loading button says so and does nothing', () => {
    const onClick = jest.fn()
    render(
      <>
        <Btn onClick={onClick} disabled>
          甲
        </Btn>
        <Btn onClick={onClick} loading label='支付中'>
          乙
        </Btn>
      </>,
    )
    const a = screen.getByRole('button', { name: '甲' })
    const b = screen.getByRole('button', { name: '支付中' })
    expect(a.getAttribute('aria-disabled')).toBe('true')
    expect(b.getAttribute('aria-busy')).toBe('true')
    press(a, 'Enter')
    press(b, ' ')
    expect(onClick).not.toHaveBeenCalled()
  })
})

describe('Toggle: role switch named by its label (finding 2)', () => {
  function Harness() {
    const [on, setOn] = useState(false)
    return <Toggle label='大字版' hint='放大文字和按钮' on={on} onChange={setOn} />
  }
  it('is a switch named 大字版, described by its hint, toggled by Space and Enter', () => {
    render(<Harness />)
    const s = screen.getByRole('switch', { name: '大字版' })
    expect(s.getAttribute('tabindex')).toBe('0')
    expect(s.getAttribute('aria-describedby')).toBeTruthy()
    expect(document.getElementById(s.getAttribute('aria-describedby')!)?.textContent).toBe('放大文字和按钮')
    expect(s.getAttribute('aria-checked')).toBe('false')
    press(s, ' ')
    expect(s.getAttribute('aria-checked')).toBe('true')
    press(s, 'Enter')
    expect(s.getAttribute('aria-checked')).toBe('false')
  })

  it('a disabled switch does not change', () => {
    const onChange = jest.fn()
    render(<Toggle label='共济支付' on={false} onChange={onChange} disabled />)
    press(screen.getByRole('switch', { name: '共济支付' }), ' ')
    expect(onChange).not.toHaveBeenCalled()
  })
})

describe('Choice: radios and checkboxes with their state (finding 2)', () => {
  function Radios() {
    const [v, setV] = useState('a')
    return (
      <ChoiceGroup kind='radio' label='关系'>
        {['a', 'b'].map((k) => (
          <Choice key={k} kind='radio' className='chip' checked={v === k} onPick={() => setV(k)}>
            {k === 'a' ? '子女' : '父母'}
          </Choice>
        ))}
      </ChoiceGroup>
    )
  }
  it('a radio group: one checked, Space picks another, the selected one is drawn so', () => {
    render(<Radios />)
    expect(screen.getByRole('radiogroup', { name: '关系' })).toBeTruthy()
    const parent = screen.getByRole('radio', { name: '父母' })
    expect(parent.getAttribute('aria-checked')).toBe('false')
    press(parent, ' ')
    expect(parent.getAttribute('aria-checked')).toBe('true')
    expect(parent.className).toContain('is-selected')
    expect(screen.getByRole('radio', { name: '子女' }).getAttribute('aria-checked')).toBe('false')
  })

  it('a checkbox toggles with Enter', () => {
    function Box() {
      const [on, setOn] = useState(true)
      return (
        <Choice kind='checkbox' checked={on} onPick={() => setOn(!on)}>
          王** 本人
        </Choice>
      )
    }
    render(<Box />)
    const c = screen.getByRole('checkbox', { name: '王** 本人' })
    expect(c.getAttribute('aria-checked')).toBe('true')
    expect(c.className).toContain('is-checked')
    press(c, 'Enter')
    expect(c.getAttribute('aria-checked')).toBe('false')
  })

  it('a link opens with Enter, not with Space (as a native link)', () => {
    const onOpen = jest.fn()
    render(<LinkItem onOpen={onOpen}>我的订单</LinkItem>)
    const l = screen.getByRole('link', { name: '我的订单' })
    expect(l.getAttribute('tabindex')).toBe('0')
    press(l, ' ')
    expect(onOpen).not.toHaveBeenCalled()
    press(l, 'Enter')
    expect(onOpen).toHaveBeenCalledTimes(1)
  })
})

describe('Field: label tied to input, errors announced (finding 3)', () => {
  it('the input is named by its label; an error marks it invalid and describes it, in a live region', () => {
    const { rerender } = render(<Field label='姓名' value='' onChange={() => undefined} inputClass='js-name' id='verify-name' />)
    const input = screen.getByRole('textbox', { name: '姓名' })
    expect(input.getAttribute('aria-invalid')).toBe('false')
    expect(input.getAttribute('aria-describedby')).toBeNull()
    const live = document.querySelector('[aria-live=polite]')!
    expect(live).toBeTruthy()
    rerender(<Field label='姓名' value='' onChange={() => undefined} inputClass='js-name' id='verify-name' error='请输入姓名' />)
    expect(input.getAttribute('aria-invalid')).toBe('true')
    expect(document.getElementById(input.getAttribute('aria-describedby')!)?.textContent).toBe('请输入姓名')
    expect(live.textContent).toBe('请输入姓名')
  })

  it('a field without an id still gets its own label id', () => {
    render(
      <>
        <Field label='甲' value='' onChange={() => undefined} inputClass='a' />
        <Field label='乙' value='' onChange={() => undefined} inputClass='b' />
      </>,
    )
    expect(screen.getByRole('textbox', { name: '甲' })).not.toBe(screen.getByRole('textbox', { name: '乙' }))
  })

  it('a form error appears inside a polite live region that was there before it', () => {
    const { rerender, container } = render(<ErrorText error={null} className='js-x' />)
    const live = container.querySelector('[aria-live=polite]')!
    expect(live.textContent).toBe('')
    rerender(<ErrorText error={new ApiError({ status: 400, code: 'VALIDATION_FAILED' })} className='js-x' />)
    expect(container.querySelector('[aria-live=polite]')).toBe(live)
    expect(live.textContent).not.toBe('')
  })
})

describe('Page and Card: one top heading, card titles as headings (finding 6)', () => {
  it('a page opens with its title as the only level-1 heading; card titles are level 2', () => {
    render(
      <Page className='page-identity'>
        <Card title='实名认证'>x</Card>
        <Card title='说明'>y</Card>
      </Page>,
    )
    expect(screen.getAllByRole('heading', { level: 1 }).map((h) => h.textContent)).toEqual(['实名认证'])
    expect(screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent)).toEqual(['实名认证', '说明'])
  })
})
