import { dateOnly, dateTime, debitText, fenToYuan, money, orderItemText, regionLabel } from './format'

describe('display formats (API.md: money is integer fen; times ISO-8601 with offset)', () => {
  it('fen → yuan with 2 decimals', () => {
    expect(fenToYuan(0)).toBe('0.00')
    expect(fenToYuan(5)).toBe('0.05')
    expect(fenToYuan(5900)).toBe('59.00')
    expect(fenToYuan(500000)).toBe('5,000.00')
    expect(fenToYuan(123456789)).toBe('1,234,567.89')
    expect(fenToYuan(-1050)).toBe('-10.50')
    expect(money(20000)).toBe('¥200.00')
    expect(fenToYuan(undefined)).toBe('—')
  })

  it('times in Asia/Shanghai whatever the offset sent', () => {
    expect(dateTime('2026-12-01T06:00:00+08:00')).toBe('2026年12月1日 06:00')
    expect(dateTime('2026-11-30T22:00:00Z')).toBe('2026年12月1日 06:00')
    expect(dateOnly('2027-05-01')).toBe('2027年5月1日')
  })

  it('#14 finding 9: 参保地 as a place name, never a code', () => {
    expect(regionLabel('320102')).toBe('江苏省南京市')
    expect(regionLabel('999999')).toBe('其他地区')
  })

  it('an order line and its debit (P-PAY-5: 历年结余 and 当年 shown apart)', () => {
    expect(orderItemText({ amountFen: 5900, coverFrom: '2027-01-01' })).toBe('¥59.00，保障自 2027年1月1日 起')
    expect(debitText({ historicalFen: 11800, currentFen: 5900 })).toBe('历年结余 ¥118.00，当年 ¥59.00')
  })
})
