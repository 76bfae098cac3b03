/**
 * The size rules behind "tap targets ≥ 44 CSS px, base text ≥ 32 design px, larger in 大字版"
 * (design width 750: 2 design px = 1 CSS px on a 375 px phone). jsdom has no layout, so
 * the stylesheet itself is checked.
 */
import fs from 'node:fs'
import path from 'node:path'

const scss = fs.readFileSync(path.join(__dirname, 'app.scss'), 'utf8')

function rule(selector: string): string {
  const i = scss.indexOf(`\n${selector} {`)
  if (i < 0) throw new Error(`no rule ${selector}`)
  return scss.slice(i, scss.indexOf('}', i))
}
const px = (block: string, prop: string) => Number(new RegExp(`\\b${prop}: (\\d+)px`).exec(block)?.[1])

describe('app.scss sizes (适老化)', () => {
  it('normal: text 32, buttons/inputs/switches at least 96 design px (48 CSS px)', () => {
    expect(px(rule('.page'), 'font-size')).toBeGreaterThanOrEqual(32)
    expect(px(rule('.page .btn'), 'min-height')).toBeGreaterThanOrEqual(96)
    expect(px(rule('.input'), 'min-height')).toBeGreaterThanOrEqual(96)
    expect(px(rule('.toggle'), 'min-height')).toBeGreaterThanOrEqual(96)
    expect(px(rule('.chip'), 'min-height')).toBeGreaterThanOrEqual(88)
  })

  it('大字版: larger text and targets', () => {
    expect(px(rule('.page.elder'), 'font-size')).toBeGreaterThanOrEqual(40)
    expect(px(rule('.page.elder .btn'), 'min-height')).toBeGreaterThanOrEqual(112)
    expect(px(rule('.elder .input'), 'min-height')).toBeGreaterThanOrEqual(112)
    expect(px(rule('.elder .chip'), 'min-height')).toBeGreaterThanOrEqual(104)
  })
})

describe('app.scss tokens (#14 finding 5)', () => {
  it('#14 finding 5: .nw never wraps inside a token; a row value moves whole to the next line instead', () => {
    const nw = rule('.nw,\n.nowrap')
    expect(nw).toMatch(/white-space: nowrap/)
    expect(nw).toMatch(/word-break: keep-all/)
    expect(rule('.row')).toMatch(/flex-wrap: wrap/)
    expect(rule('.row-value')).not.toMatch(/break-all/)
  })
})
