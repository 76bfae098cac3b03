import { fireEvent, render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { ConfirmSheet } from './ConfirmSheet'
import { ResultView } from './ResultView'

const $ = (sel: string) => document.querySelector(sel) as HTMLElement

describe('#14 finding 3 ConfirmSheet (WeUI half-screen dialog) and ResultView', () => {
  it('a modal dialog named by its title, with its rows; confirm and cancel; Escape, the mask and 关闭 cancel; the title takes the focus', () => {
    const onConfirm = jest.fn()
    const onCancel = jest.fn()
    render(
      <ConfirmSheet open title='确认支付' amount='¥59.00' rows={[{ label: '付款人', value: '本人 王**', className: 'js-row' }]} confirmText='确认支付' onConfirm={onConfirm} onCancel={onCancel} />,
    )
    const dialog = $('[role="dialog"]')
    expect(dialog.getAttribute('aria-modal')).toBe('true')
    expect(document.getElementById(dialog.getAttribute('aria-labelledby')!)!.textContent).toBe('确认支付')
    expect(document.activeElement).toBe($('.js-sheet-title'))
    expect($('.js-sheet-amount').textContent).toBe('¥59.00')
    expect($('.js-row').textContent).toBe('付款人本人 王**')
    fireEvent.click($('.js-sheet-confirm'))
    expect(onConfirm).toHaveBeenCalledTimes(1)
    fireEvent.keyDown(dialog, { key: 'Escape' })
    fireEvent.click($('.js-sheet-mask'))
    fireEvent.click($('.js-sheet-close'))
    fireEvent.click($('.js-sheet-cancel'))
    expect(onCancel).toHaveBeenCalledTimes(4)
    expect($('.js-sheet-close').getAttribute('role')).toBe('button')
    expect($('.js-sheet-close').getAttribute('aria-label')).toBe('关闭')
  })

  it('Tab and Shift+Tab stay inside the open sheet; closing it gives the focus back to the control that opened it', () => {
    const opener = document.createElement('button')
    document.body.appendChild(opener)
    opener.focus()
    const { rerender } = render(<ConfirmSheet open title='t' confirmText='确认' onConfirm={() => {}} onCancel={() => {}} />)
    const dialog = $('[role="dialog"]')
    $('.js-sheet-confirm').focus()
    fireEvent.keyDown(dialog, { key: 'Tab' })
    expect(document.activeElement).toBe($('.js-sheet-close'))
    fireEvent.keyDown(dialog, { key: 'Tab', shiftKey: true })
    expect(document.activeElement).toBe($('.js-sheet-confirm'))
    rerender(<ConfirmSheet open={false} title='t' confirmText='确认' onConfirm={() => {}} onCancel={() => {}} />)
    expect(document.activeElement).toBe(opener)
    opener.remove()
  })

  it('closed: nothing; busy: confirm shows loading and cancelling is off', () => {
    const onCancel = jest.fn()
    const { rerender } = render(<ConfirmSheet open={false} title='t' confirmText='ok' onConfirm={() => {}} onCancel={onCancel} />)
    expect($('[role="dialog"]')).toBeNull()
    rerender(<ConfirmSheet open busy title='t' confirmText='ok' onConfirm={() => {}} onCancel={onCancel} />)
    expect($('.js-sheet-confirm').getAttribute('aria-busy')).toBe('true')
    fireEvent.click($('.js-sheet-mask'))
    fireEvent.click($('.js-sheet-cancel'))
    expect(onCancel).not.toHaveBeenCalled()
  })

  it('on a tab page the tab bar is hidden while the sheet is open (it would cover 确认 in H5), and shown again after', async () => {
    const t = Taro as unknown as Record<string, jest.Mock | undefined>
    t.hideTabBar = jest.fn(() => Promise.resolve())
    t.showTabBar = jest.fn(() => Promise.resolve())
    const { rerender } = render(<ConfirmSheet open overTabBar title='t' confirmText='ok' onConfirm={() => {}} onCancel={() => {}} />)
    await waitFor(() => expect(t.hideTabBar).toHaveBeenCalled())
    rerender(<ConfirmSheet open={false} overTabBar title='t' confirmText='ok' onConfirm={() => {}} onCancel={() => {}} />)
    await waitFor(() => expect(t.showTabBar).toHaveBeenCalled())
    delete t.hideTabBar
    delete t.showTabBar
  })

  it('ResultView: an icon with a name, a heading and 完成', () => {
    const onDone = jest.fn()
    render(<ResultView title='缴费成功' onDone={onDone} />)
    expect($('.js-result-icon').getAttribute('role')).toBe('img')
    expect($('.js-result-icon').getAttribute('aria-label')).toBe('成功')
    expect($('.js-result-title').getAttribute('role')).toBe('heading')
    fireEvent.click($('.js-result-done'))
    expect(onDone).toHaveBeenCalled()
  })
})
