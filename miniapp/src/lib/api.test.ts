import Taro from '@tarojs/taro'
import { anOrder, contractError, installFakeBff } from '../../test/fakeBff'
import { api } from './api'
import { CancelScope } from './cancel'
import { ApiError, errorText, reasonTexts } from './errors'
import { getTokens, isSignedIn } from './session'

describe('request module (API.md "Conventions", "Sign-in")', () => {
  it('calls /api/v1 with the bearer token from storage and JSON bodies', async () => {
    const bff = installFakeBff()
    await api.verifyIdentity({ name: '王建国', idNumber: '320102198003140113', phone: '13800000001' })
    const call = bff.callsTo('POST', '/identity/verify')[0]
    expect(call.headers.authorization).toBe(`Bearer ${getTokens()!.accessToken}`)
    expect(call.headers['content-type']).toBe('application/json')
    expect(call.body).toEqual({ name: '王建国', idNumber: '320102198003140113', phone: '13800000001' })
    expect((Taro.request as jest.Mock).mock.calls[0][0].url).toBe('/api/v1/identity/verify')
  })

  it('POST /auth/login is sent without a token', async () => {
    const bff = installFakeBff({ signedIn: false })
    const pair = await api.login('sandbox:bob')
    expect(pair.accessToken).toMatch(/^at-bob/)
    expect(bff.calls[0].headers.authorization).toBeUndefined()
  })

  it('turns {"error":{code,message,reasons,resumesAt}} into an ApiError with Chinese text', async () => {
    const bff = installFakeBff()
    bff.on('POST /family/members', () =>
      contractError(422, 'NOT_ELIGIBLE', '不符合办理条件', {
        reasons: [
          { code: 'RELATION_UNVERIFIED', message: '户籍信息无法核实该亲属关系' },
          { code: 'REGION_NOT_ALLOWED', message: '该家庭成员的参保地不在家庭共济允许的范围内' },
        ],
      }),
    )
    const e = (await api.addMember({ name: '李四', idNumber: '320102198309050145', relation: 'SPOUSE' }).catch((x) => x)) as ApiError
    expect(e).toBeInstanceOf(ApiError)
    expect(e.status).toBe(422)
    expect(e.code).toBe('NOT_ELIGIBLE')
    expect(errorText(e)).toBe('不符合办理条件')
    expect(reasonTexts(e)).toEqual(['户籍信息无法核实该亲属关系', '该家庭成员的参保地不在家庭共济允许的范围内'])
  })

  it('an English reason message (a BFF breaking the contract) falls back to the shared Chinese wording', () => {
    const e = new ApiError({ status: 422, code: 'NOT_ELIGIBLE', message: 'not eligible', reasons: [{ code: 'REGION_NOT_ALLOWED', message: 'region not allowed' }] })
    expect(errorText(e)).toBe('不符合办理条件，请查看具体原因')
    expect(reasonTexts(e)).toEqual(['该家庭成员的参保地不在家庭共济允许的范围内'])
  })

  it('SERVICE_SUSPENDED (P-OPS-1) shows the resume time', async () => {
    const bff = installFakeBff()
    bff.on('PUT /family/modes', () =>
      contractError(503, 'SERVICE_SUSPENDED', '系统维护中，暂停办理', { resumesAt: '2026-12-01T06:00:00+08:00' }),
    )
    const e = await api.setModes({ pay: true, premium: true }).catch((x) => x)
    expect(errorText(e)).toBe('系统维护中，暂停办理（预计 2026年12月1日 06:00 恢复）')
  })

  it('never shows a bare code: unknown codes and non-Chinese messages get Chinese text', async () => {
    const bff = installFakeBff()
    bff.on('GET /products', () => ({ status: 500, body: { error: { code: 'SOMETHING_NEW', message: 'boom' } } }))
    const e = await api.products().catch((x) => x)
    expect(errorText(e)).toBe('操作未成功，请稍后再试')
    bff.on('GET /products', () => ({ status: 502, body: '<html>bad gateway</html>' }))
    const e2 = await api.products().catch((x) => x)
    expect((e2 as ApiError).code).toBe('INTERNAL')
    expect(errorText(e2)).toBe('系统繁忙，请稍后再试')
  })

  it('a network failure is NETWORK_ERROR with a plain-words message', async () => {
    const bff = installFakeBff()
    bff.offline = true
    const e = (await api.me().catch((x) => x)) as ApiError
    expect(e.code).toBe('NETWORK_ERROR')
    expect(errorText(e)).toBe('网络连接失败，请检查网络后重试')
  })

  it('on 401 refreshes once (POST /auth/refresh) and repeats the call', async () => {
    const bff = installFakeBff()
    const before = getTokens()!
    bff.expireAccessTokens()
    const me = await api.me()
    expect(me.userId).toBe('u-1')
    expect(bff.callsTo('POST', '/auth/refresh')).toHaveLength(1)
    expect(bff.callsTo('POST', '/auth/refresh')[0].body).toEqual({ refreshToken: before.refreshToken })
    expect(getTokens()!.accessToken).not.toBe(before.accessToken)
    expect(bff.callsTo('GET', '/me')).toHaveLength(2)
  })

  it('concurrent 401s share one refresh (a refresh token works once)', async () => {
    const bff = installFakeBff()
    bff.expireAccessTokens()
    const [a, b, c] = await Promise.all([api.me(), api.products(), api.orders()])
    expect(a.userId).toBe('u-1')
    expect(b).toHaveLength(2)
    expect(c).toEqual([])
    expect(bff.callsTo('POST', '/auth/refresh')).toHaveLength(1)
  })

  it('a refused refresh signs the user out', async () => {
    const bff = installFakeBff()
    bff.expireAccessTokens()
    bff.on('POST /auth/refresh', () => contractError(401, 'UNAUTHENTICATED', '登录已失效，请重新登录'))
    const e = (await api.me().catch((x) => x)) as ApiError
    expect(e.code).toBe('UNAUTHENTICATED')
    expect(isSignedIn()).toBe(false)
  })

  it('a 401 after a successful refresh is not refreshed again', async () => {
    const bff = installFakeBff()
    bff.on('GET /me', () => contractError(401, 'UNAUTHENTICATED', '登录已失效，请重新登录'))
    await expect(api.me()).rejects.toMatchObject({ code: 'UNAUTHENTICATED' })
    expect(bff.callsTo('POST', '/auth/refresh')).toHaveLength(1)
    expect(bff.callsTo('GET', '/me')).toHaveLength(2)
    expect(isSignedIn()).toBe(false)
  })

  it('a call whose page closed is aborted and rejected as CANCELLED', async () => {
    const bff = installFakeBff()
    let release!: () => void
    bff.on('GET /products', () => new Promise((r) => (release = () => r({ status: 200, body: [] }))))
    const scope = new CancelScope()
    const p = api.products({ scope })
    await Promise.resolve()
    await Promise.resolve()
    scope.cancel()
    await expect(p).rejects.toMatchObject({ code: 'CANCELLED' })
    const task = (Taro.request as jest.Mock).mock.results[0].value as { abort: jest.Mock }
    expect(task.abort).toHaveBeenCalled()
    release()
  })

  it('sends the Idempotency-Key header with POST /orders', async () => {
    const bff = installFakeBff()
    await api.createOrder({ productId: 'JS-YHB-2027', insured: ['p-self'], payMethod: 'PERSONAL_ACCOUNT' }, 'key-12345678')
    expect(bff.callsTo('POST', '/orders')[0].headers['idempotency-key']).toBe('key-12345678')
  })

  describe('development builds parse every answer against the contract (shared endpoint table)', () => {
    let logged: jest.SpyInstance
    beforeEach(() => {
      logged = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    })
    afterEach(() => logged.mockRestore())

    it('a success body with a field the contract does not declare is BAD_RESPONSE, logged with endpoint and field', async () => {
      const bff = installFakeBff()
      bff.on('GET /me', () => ({ status: 200, body: { ...bff.state.me, idNumber: '320102198003140113' } }))
      const e = (await api.me().catch((x) => x)) as ApiError
      expect(e.code).toBe('BAD_RESPONSE')
      expect(errorText(e)).toBe('服务返回的数据有误，请稍后再试')
      expect(e.message).toContain('GET /me answered 200')
      expect(e.message).toContain('Unrecognized key: "idNumber"')
      expect(logged.mock.calls[0][0]).toContain('[contract] GET /me answered 200')
    })

    it('a missing or malformed field names its path (path templates matched: /orders/{orderId})', async () => {
      const bff = installFakeBff()
      bff.state.orders = [anOrder({ orderId: 'o-7', totalFen: 59.5 })]
      const e = (await api.order('o-7').catch((x) => x)) as ApiError
      expect(e.code).toBe('BAD_RESPONSE')
      expect(e.message).toContain('GET /orders/{orderId} answered 200')
      expect(e.message).toContain('totalFen:')
    })

    it('error bodies too: an English message breaks API.md "message: Chinese, for a citizen"', async () => {
      const bff = installFakeBff()
      bff.on('POST /identity/verify', () => contractError(422, 'REAL_NAME_MISMATCH', 'mismatch'))
      const e = (await api.verifyIdentity({ name: '王建国', idNumber: '320102198003140113', phone: '13800000001' }).catch((x) => x)) as ApiError
      expect(e.code).toBe('BAD_RESPONSE')
      expect(e.message).toContain('POST /identity/verify answered 422')
      expect(e.message).toContain('error.message')
    })

    it('a status the endpoint does not declare is BAD_RESPONSE (GET /products never answers 409)', async () => {
      const bff = installFakeBff()
      bff.on('GET /products', () => contractError(409, 'IDEMPOTENCY_KEY_REUSED', '该次提交已用于其他订单，请重新下单'))
      const e = (await api.products().catch((x) => x)) as ApiError
      expect(e.code).toBe('BAD_RESPONSE')
      expect(e.message).toContain('status 409 is not declared')
    })

    it('contract-true answers pass untouched: a pending member row without ID, age or insurance', async () => {
      const bff = installFakeBff()
      const family = await api.familyMembers()
      const pending = family.members.find((m) => m.status === 'PENDING_CONSENT')!
      expect(pending).toEqual(bff.state.family.members.find((m) => m.memberId === pending.memberId))
      expect(Object.keys(pending).sort()).toEqual(['gender', 'maskedName', 'memberId', 'personId', 'relation', 'status'])
      expect(logged).not.toHaveBeenCalled()
    })
  })

  it('a missing session fails fast as UNAUTHENTICATED without calling the BFF', async () => {
    const bff = installFakeBff({ signedIn: false })
    await expect(api.me()).rejects.toMatchObject({ code: 'UNAUTHENTICATED' })
    expect(bff.calls).toHaveLength(0)
  })
})
