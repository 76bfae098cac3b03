import { anOrder, contractError, installFakeBff } from '../../../test/fakeBff'
import { KEYS, readItem } from '../../lib/storage'
import { OrderSubmitter } from './submitter'

const order = { productId: 'JS-YHB-2027', insured: ['p-self'], payMethod: 'PERSONAL_ACCOUNT' as const }
const keys = (bff: ReturnType<typeof installFakeBff>) => bff.callsTo('POST', '/orders').map((c) => c.headers['idempotency-key'])

describe('OrderSubmitter (P-PAY-8; API.md POST /orders Idempotency-Key 8–64 of A-Za-z0-9_-)', () => {
  it('sends a well-formed Idempotency-Key', async () => {
    const bff = installFakeBff()
    await new OrderSubmitter().submit(order)
    expect(keys(bff)[0]).toMatch(/^[A-Za-z0-9_-]{8,64}$/)
  })

  it('a double tap sends one order: the second submit is refused while the first is in flight', async () => {
    const bff = installFakeBff()
    const s = new OrderSubmitter()
    const first = s.submit(order)
    await expect(s.submit(order)).rejects.toMatchObject({ code: 'IN_FLIGHT' })
    await first
    expect(bff.callsTo('POST', '/orders')).toHaveLength(1)
  })

  it('a retry after a network error reuses the key; the BFF charges once', async () => {
    const bff = installFakeBff()
    const s = new OrderSubmitter()
    bff.loseAnswers = 1 // the order reached the BFF (and was charged) but the answer was lost
    await expect(s.submit(order)).rejects.toMatchObject({ code: 'NETWORK_ERROR' })
    const again = await s.submit(order)
    expect(again.status).toBe('PAID')
    const [k1, k2] = keys(bff)
    expect(k1).toBe(k2)
    expect(bff.state.orders).toHaveLength(1)
    expect(bff.state.me.person!.insurance.account!.historicalFen).toBe(500000 - 5900)
  })

  it('the pending key survives a restart (kept in storage) and is dropped after an answer', async () => {
    const bff = installFakeBff()
    bff.offline = true
    await expect(new OrderSubmitter().submit(order)).rejects.toMatchObject({ code: 'NETWORK_ERROR' })
    expect(readItem(KEYS.pendingOrder)).toBeTruthy()
    bff.offline = false
    await new OrderSubmitter().submit(order)
    const [k1, k2] = keys(bff)
    expect(k2).toBe(k1)
    expect(readItem(KEYS.pendingOrder)).toBeUndefined()
  })

  it('each new confirmation gets a new key; so does a changed order', async () => {
    const bff = installFakeBff()
    const s = new OrderSubmitter()
    await s.submit(order)
    await s.submit(order)
    await s.submit({ ...order, insured: ['p-self', 'p-spouse'] })
    const [k1, k2, k3] = keys(bff)
    expect(new Set([k1, k2, k3]).size).toBe(3)
  })

  it('a definite refusal (422) ends the confirmation: SELF_PAY afterwards uses a new key', async () => {
    const bff = installFakeBff()
    bff.on('POST /orders', (c) =>
      (c.body as { payMethod: string }).payMethod === 'SELF_PAY'
        ? { status: 201, body: anOrder({ status: 'AWAITING_PAYMENT', payMethod: 'SELF_PAY', debit: undefined }) }
        : contractError(422, 'NOT_ELIGIBLE', '不符合办理条件', { reasons: [{ code: 'INSUFFICIENT_BALANCE', message: '余额不足' }] }),
    )
    const s = new OrderSubmitter()
    await expect(s.submit(order)).rejects.toMatchObject({ code: 'NOT_ELIGIBLE' })
    const r = await s.submit({ ...order, payMethod: 'SELF_PAY' })
    expect(r.status).toBe('AWAITING_PAYMENT')
    const [k1, k2] = keys(bff)
    expect(k1).not.toBe(k2)
  })

  it('a 5xx other than 503 leaves the outcome unknown: the key is kept', async () => {
    const bff = installFakeBff()
    bff.on('POST /orders', () => contractError(500, 'INTERNAL', '系统繁忙'))
    const s = new OrderSubmitter()
    await expect(s.submit(order)).rejects.toMatchObject({ code: 'INTERNAL' })
    await expect(s.submit(order)).rejects.toMatchObject({ code: 'INTERNAL' })
    const [k1, k2] = keys(bff)
    expect(k1).toBe(k2)
  })
})
