import { render, screen } from '@testing-library/react'
import Privacy from './privacy'
import Terms from './terms'

describe('#14 conventions: 《用户服务协议》《隐私政策》 as pages', () => {
  it('《隐私政策》 says what is collected, why, who sees it, how long it is kept, and the citizen’s rights', () => {
    render(<Privacy />)
    expect(document.querySelector('.js-nav-title')!.textContent).toBe('隐私政策')
    for (const h of ['一、我们收集哪些信息', '二、为什么收集', '三、谁能看到', '四、保存多久', '五、您的权利']) screen.getByRole('heading', { name: h })
    const text = document.body.textContent!
    // the facts of README "Your data": masked numbers, export and closing in 我的, money records kept by law
    expect(text).toContain('只显示部分号码')
    expect(text).toContain('我的 → 我的数据与注销')
    expect(text).toContain('按法律法规要求的期限保存')
    expect(text).not.toMatch(/1[3-9]\d{9}/)
  })

  it('《用户服务协议》 describes the service, family consent and leaving it', () => {
    render(<Terms />)
    expect(document.querySelector('.js-nav-title')!.textContent).toBe('用户服务协议')
    const text = document.body.textContent!
    expect(text).toContain('成年家属需要在自己的微信上同意后绑定才生效')
    expect(text).toContain('随时解除绑定')
    expect(text).toContain('注销账号')
  })
})
