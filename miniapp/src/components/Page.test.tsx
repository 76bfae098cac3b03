import { fireEvent, render } from '@testing-library/react'
import Taro from '@tarojs/taro'
import fs from 'node:fs'
import path from 'node:path'
import { Page, PAGE_TITLES } from './Page'

const $ = (sel: string) => document.querySelector(sel) as HTMLElement
const src = path.join(__dirname, '..')

describe('#14 conventions: every non-tab page has its title and a back button', () => {
  afterEach(() => {
    delete (Taro as unknown as { getCurrentPages?: unknown }).getCurrentPages
  })

  it('H5: a page that is not a tab opens with 返回 and its title (the level-1 heading)', () => {
    render(<Page className='page-orders' />)
    expect($('.js-nav-title').textContent).toBe('我的订单')
    expect($('.js-nav-title').getAttribute('role')).toBe('heading')
    expect($('.js-nav-back').getAttribute('role')).toBe('button')
    expect($('.js-nav-back').getAttribute('aria-label')).toBe('返回')
    expect(document.querySelectorAll('[aria-level="1"]')).toHaveLength(1)
  })

  it('返回 goes back when there is a page before; opened straight from a link it goes to 首页 (never a dead end)', () => {
    const pages = jest.fn(() => [{}, {}])
    ;(Taro as unknown as { getCurrentPages: unknown }).getCurrentPages = pages
    render(<Page className='page-statement' />)
    fireEvent.click($('.js-nav-back'))
    expect(Taro.navigateBack).toHaveBeenCalledTimes(1)
    pages.mockReturnValue([{}])
    fireEvent.keyDown($('.js-nav-back'), { key: 'Enter' })
    expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/home/index' })
    expect(Taro.navigateBack).toHaveBeenCalledTimes(1)
  })

  it.each(['page-home', 'page-qrcode', 'page-family', 'page-mine'])('H5 tab page %s: no back button, the title stays for screen readers', (cls) => {
    render(<Page className={cls} />)
    expect($('.js-nav-back')).toBeNull()
    expect($('.page-heading').classList.contains('sr-only')).toBe(true)
  })

  it('WeChat draws its own navigation bar: no bar of ours', () => {
    process.env.TARO_ENV = 'weapp'
    render(<Page className='page-orders' />)
    expect($('.js-nav-bar')).toBeNull()
    expect($('.page-heading').textContent).toBe('我的订单')
  })

  it('every page of app.config has navigationBarTitleText, the same title the H5 bar shows', () => {
    const app = fs.readFileSync(path.join(src, 'app.config.ts'), 'utf8')
    const main = [...(/pages: \[([^\]]*)\]/.exec(app)?.[1] ?? '').matchAll(/'([^']+)'/g)].map((m) => m[1])
    const subs = [...app.matchAll(/\{ root: '([^']+)', pages: \[([^\]]*)\] \}/g)].flatMap((m) => [...m[2].matchAll(/'([^']+)'/g)].map((p) => `${m[1]}/${p[1]}`))
    const all = [...main, ...subs]
    expect(all).toEqual(expect.arrayContaining(['pages/legal/terms', 'pages/legal/privacy', 'pages/qrcode/index']))
    for (const page of all) {
      const config = fs.readFileSync(path.join(src, `${page}.config.ts`), 'utf8')
      const title = /navigationBarTitleText: '([^']+)'/.exec(config)?.[1]
      expect([page, title]).toEqual([page, expect.stringMatching(/\S/)])
      // the page root's class is page-<folder> (page-<name> for a folder of several pages)
      const [, folder, name] = /^pages\/([^/]+)\/(.+)$/.exec(page)!
      const cls = name === 'index' ? `page-${folder}` : `page-${name}`
      if (PAGE_TITLES[cls]) expect([page, PAGE_TITLES[cls]]).toEqual([page, title])
    }
    expect(PAGE_TITLES['page-qrcode']).toBe('医保电子凭证')
  })
})
