import { render } from '@testing-library/react'
import { Nw, NwText, Place, splitTokens } from './Nw'

const tokens = (text: string) => splitTokens(text).filter((p) => p.token).map((p) => p.text)

describe('Nw (#14 finding 5: numbers and dates never wrap inside themselves)', () => {
  it('#14 finding 5: money, dates, times, ages, months and ID tails are whole tokens', () => {
    expect(tokens('¥59.00，保障自 2027年1月1日 起')).toEqual(['¥59.00', '2027年1月1日'])
    expect(tokens('¥5,000.00（历年结余 ¥4,800.00，当年 ¥200.00）')).toEqual(['¥5,000.00', '¥4,800.00', '¥200.00'])
    expect(tokens('−¥15.00 / +¥141.00')).toEqual(['−¥15.00', '+¥141.00'])
    expect(tokens('预计 2026年12月1日 08:00 恢复')).toEqual(['2026年12月1日', '08:00'])
    expect(tokens('儿子 王** · 11岁 · 尾号0113')).toEqual(['儿子 王**', '11岁', '尾号0113'])
    expect(tokens('（等待期 6 个月）')).toEqual(['6 个月'])
    expect(tokens('320***********0113')).toEqual(['320***********0113'])
    expect(tokens('没有数字')).toEqual([])
    // 惠民保 coverage lines: "100万|元" must not break either
    expect(tokens('· 住院自付费用：最高100万元，报销比例 80%')).toEqual(['100万元', '80%'])
    expect(tokens('起付线 2,000元')).toEqual(['2,000元'])
    // #14 finding 1: a relation word and its masked name stay together ("儿|子 王**" broke in 大字版)
    expect(tokens('为家人共济支付 · 儿子 王**')).toEqual(['儿子 王**'])
    expect(tokens('兄弟姐妹 欧阳** · 孙子女 李*')).toEqual(['兄弟姐妹 欧阳**', '孙子女 李*'])
    // nothing is lost or reordered
    const s = '最近共济支付：2026年11月24日 10:30 为儿子 王**支付 ¥15.00（已退费）'
    expect(splitTokens(s).map((p) => p.text).join('')).toBe(s)
  })

  it('#14 finding 5: NwText renders each token in a .nw element and keeps the text', () => {
    const { container } = render(<NwText className='x' text='¥59.00，保障自 2027年1月1日 起' />)
    expect(container.textContent).toBe('¥59.00，保障自 2027年1月1日 起')
    expect(Array.from(container.querySelectorAll('.nw')).map((e) => e.textContent)).toEqual(['¥59.00', '2027年1月1日'])
    expect(render(<Nw className='amount'>¥1.00</Nw>).container.querySelector('.nw.amount')!.textContent).toBe('¥1.00')
  })

  it('#14 finding 5: a place keeps province and city whole, each its own token', () => {
    const { container } = render(<Place region='320102' />)
    expect(container.textContent).toBe('江苏省南京市')
    expect(Array.from(container.querySelectorAll('.nw')).map((e) => e.textContent)).toEqual(['江苏省', '南京市'])
    const province = render(<Place region='32' />).container
    expect(Array.from(province.querySelectorAll('.nw')).map((e) => e.textContent)).toEqual(['江苏省'])
  })
})
