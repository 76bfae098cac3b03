// Rules microbenchmark: shared's evaluateOrder (P-PAY-1..9, P-WAIT) for a payer and a family of
// 10 insured members, the decision behind every eligibility check and order. Pure CPU, in process.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const shared = require('../shared/dist/index.js')

const AT = new Date('2026-10-15T10:00:00+08:00')
const demoWorld = require('../bff/src/upstream/sandbox/demo-world.json')

function demoProduct(productId) {
  const product = demoWorld.products.find((p) => p.productId === productId)
  if (!product) throw new Error(`the demo world has no product ${productId}`)
  return product
}

function facts(personId, birthDate, sex, insurance) {
  return { personId, birthDate, sex, insurance }
}

const resident = (region, extra = {}) => ({ scheme: 'RESIDENT', status: 'ACTIVE', region, account: null, paidYears: [2024, 2025, 2026], student: false, assistance: null, ...extra })

/** The two product kinds, each with a 10-member family of the payer (every rule path taken). */
export function families() {
  const payer = facts('p_payer', '1980-03-14', 'M', {
    scheme: 'EMPLOYEE',
    status: 'ACTIVE',
    region: '370303',
    account: { historicalFen: 5_000_000, currentFen: 200_000 },
    paidYears: [2024, 2025, 2026],
    student: false,
    assistance: null,
  })
  const members = [
    ['SPOUSE', '1983-09-05', 'F', resident('370303')],
    ['PARENT', '1952-07-08', 'M', resident('370302', { paidYears: [2022, 2023] })],
    ['PARENT', '1955-02-21', 'F', resident('370303', { assistance: 'DIBAO' })],
    ['CHILD', '2015-06-12', 'M', resident('370303')],
    ['CHILD', '2026-03-01', 'F', resident('370303', { paidYears: [] })],
    ['CHILD', '2008-01-20', 'F', resident('370303', { student: true })],
    ['SIBLING', '1985-11-30', 'M', resident('370305', { paidYears: [2019] })],
    ['GRANDPARENT', '1930-04-04', 'F', resident('370303', { assistance: 'TEKUN' })],
    ['GRANDCHILD', '2024-12-24', 'M', resident('370303')],
    ['SIBLING', '1978-08-08', 'F', resident('370303', { status: 'SUSPENDED', assistance: 'DIBAO_EDGE' })],
  ].map(([relation, birth, sex, insurance], i) => ({
    personId: `p_m${i}`,
    person: facts(`p_m${i}`, birth, sex, insurance),
    relation,
    bindingStatus: 'ACTIVE',
    alreadyEnrolled: false,
  }))
  // the demo world's products; the 惠民保 is moved to Shandong, where this family is insured
  const resPremium = demoProduct('ZB-RES-2027')
  const huiminbao = { ...demoProduct('JS-YHB-2027'), productId: 'SD-HMB-2027', regions: ['37'] }
  const modes = { pay: true, premium: true }
  return [
    { at: AT, product: resPremium, payer, payMethod: 'PERSONAL_ACCOUNT', modes, insured: members },
    { at: AT, product: huiminbao, payer, payMethod: 'PERSONAL_ACCOUNT', modes, insured: members },
  ]
}

/** Family decisions per second over about `ms` of wall time (after a short warm-up). */
export function rulesPerSecond(ms = 1500) {
  const inputs = families()
  let sink = 0
  for (let i = 0; i < 2000; i++) sink += shared.evaluateOrder(inputs[i & 1]).totalFen
  let n = 0
  const start = process.hrtime.bigint()
  const budget = BigInt(ms) * 1_000_000n
  let elapsed = 0n
  while (elapsed < budget) {
    for (let i = 0; i < 1000; i++) sink += shared.evaluateOrder(inputs[i & 1]).totalFen
    n += 1000
    elapsed = process.hrtime.bigint() - start
  }
  if (sink === -1) console.log(sink)
  return n / (Number(elapsed) / 1e9)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`${Math.round(rulesPerSecond()).toLocaleString('en-US')} family decisions/s (10 members)`)
}
