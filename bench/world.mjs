// A sandbox world (shared/src/schemas/world.ts) big enough for the bench: `users` employee
// organizers with large balances, the first `families` of them with a spouse (adult: consents)
// and three minor children, registry relations for every binding, one product for
// eligibility checks and `products` more for orders (one order per person and product, P-PAY-7).
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const shared = require('../shared/dist/index.js')

/** The instant the BFF's clock starts at; every product's enrolment window is open then. */
export const BENCH_NOW = '2026-10-15T10:00:00+08:00'
export const ELIGIBILITY_PRODUCT = 'BENCH-YHB-ELIG'
export const PRICE_FEN = 5900

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'
const GIVEN = '建国伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂'

function name(i) {
  const g = GIVEN.length
  return SURNAMES[i % SURNAMES.length] + GIVEN[Math.floor(i / SURNAMES.length) % g] + GIVEN[Math.floor(i / (SURNAMES.length * g)) % g]
}

/** A valid GB 11643 number: 6-digit region, birth date, sequence (odd male), MOD 11-2 check. */
function idNumber(region, birth, seq) {
  const first17 = `${region}${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`
  return first17 + shared.checkCharacter(first17)
}

function date(baseYear, dayIndex) {
  const d = new Date(Date.UTC(baseYear, 0, 1) + dayIndex * 86_400_000)
  return d.toISOString().slice(0, 10)
}

const REGIONS = ['320102', '320104', '320105', '320106', '320111', '320113']

/**
 * @param {{ users: number, families: number, products: number, hospitals?: number }} size
 * @returns {{ world: object, organizers: object[], families: object[], orderProducts: string[], hospitals: object[] }}
 */
export function makeWorld({ users, families, products, hospitals = 8 }) {
  if (families > users) throw new Error('families must not exceed users')
  const citizens = []
  const relations = []
  const seen = new Set()
  let phone = 0
  const add = (region, birth, male, nameIndex, insurance) => {
    for (let seq = male ? 1 : 2; seq < 1000; seq += 2) {
      const id = idNumber(region, birth, seq)
      if (seen.has(id)) continue
      seen.add(id)
      const c = { idNumber: id, name: name(nameIndex), phone: `139${String(phone++).padStart(8, '0')}`, insurance }
      citizens.push(c)
      return c
    }
    throw new Error('ran out of sequence numbers')
  }
  const organizers = []
  const fams = []
  for (let i = 0; i < users; i++) {
    const region = REGIONS[i % REGIONS.length]
    const male = i % 2 === 0
    const organizer = add(region, date(1975, (i * 7) % 5400), male, i, {
      scheme: 'EMPLOYEE',
      status: 'ACTIVE',
      region,
      account: { historicalFen: 1_000_000_000, currentFen: 10_000_000 },
      paidYears: [2024, 2025, 2026],
      student: false,
      assistance: null,
    })
    organizers.push({ index: i, openid: `bench-o${i}`, ...organizer })
    if (i >= families) continue
    const resident = { scheme: 'RESIDENT', status: 'ACTIVE', region, paidYears: [2024, 2025, 2026], student: false, assistance: null }
    const spouse = add(region, date(1976, (i * 11) % 5000), !male, i + 7, resident)
    relations.push({ person: organizer.idNumber, relative: spouse.idNumber, relation: 'SPOUSE' })
    const children = []
    for (let k = 0; k < 3; k++) {
      const child = add(region, date(2011 + k * 3, (i * 13 + k) % 900), k % 2 === 0, i + 3 + k, { ...resident, student: true })
      relations.push({ person: organizer.idNumber, relative: child.idNumber, relation: 'CHILD' })
      children.push(child)
    }
    fams.push({ organizer: organizers[i], spouse: { ...spouse, openid: `bench-s${i}` }, children })
  }
  const product = (productId, n) => ({
    productId,
    kind: 'HUIMINBAO',
    name: `江苏医惠保1号(2027年度·压测${n})`,
    year: 2027,
    opensAt: '2026-09-01T00:00:00+08:00',
    closesAt: '2026-12-31T23:59:59+08:00',
    regions: ['32'],
    relations: ['SELF', 'SPOUSE', 'PARENT', 'CHILD'],
    priceFen: { DEFAULT: PRICE_FEN },
    sharedBalance: 'HISTORICAL',
  })
  const orderProducts = Array.from({ length: products }, (_, n) => `BENCH-YHB-${String(n).padStart(3, '0')}`)
  const hospitalList = Array.from({ length: hospitals }, (_, n) => ({
    hospitalId: `HBENCH${String(n).padStart(3, '0')}`,
    name: `压测医院${n + 1}`,
    secret: `bench-secret-${n}`,
    region: REGIONS[n % REGIONS.length],
  }))
  const world = {
    citizens,
    relations,
    hospitals: hospitalList,
    products: [product(ELIGIBILITY_PRODUCT, 'E'), ...orderProducts.map((id, n) => product(id, n))],
    familyPolicy: { relations: 'NEAR', scope: 'PROVINCE', maxMembers: 10 },
    maintenance: [],
  }
  const parsed = shared.parseWorld(world)
  if (!parsed.ok) throw new Error(`bench world is invalid:\n  ${parsed.problems.join('\n  ')}`)
  return { world, organizers, families: fams, orderProducts, hospitals: hospitalList }
}
