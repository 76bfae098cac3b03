import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { checkCharacter } from './identity/idNumber';
import type { InsuranceRecord, PersonFacts, Product } from './types';

/** The spec's worked world, beside the checkout (../shared) as in CI. */
export function loadSpecWorld(): unknown {
  const file = path.resolve(__dirname, '../../../shared/fixtures/sandbox.json');
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

export function makeId(region: string, birth: string, seq: string): string {
  const first17 = region + birth.replace(/-/g, '') + seq;
  return first17 + checkCharacter(first17);
}

/** Any valid ID number: region, real birth date 1900-2025, sequence, right check character. */
export const validIdArb = fc
  .record({
    region: fc.integer({ min: 110000, max: 659999 }).map(String),
    birth: fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2025-12-31T00:00:00Z'), noInvalidDate: true }),
    seq: fc.integer({ min: 0, max: 999 }).map((n) => String(n).padStart(3, '0')),
  })
  .map(({ region, birth, seq }) => makeId(region, birth.toISOString().slice(0, 10), seq));

let counter = 0;
export function person(over: Partial<Omit<PersonFacts, 'insurance'>> & { insurance?: Partial<InsuranceRecord> } = {}): PersonFacts {
  counter += 1;
  return {
    personId: over.personId ?? `p${counter}`,
    birthDate: over.birthDate ?? '1980-03-14',
    sex: over.sex ?? 'M',
    insurance: {
      scheme: 'EMPLOYEE',
      status: 'ACTIVE',
      region: '320102',
      account: { historicalFen: 500000, currentFen: 20000 },
      paidYears: [2024, 2025, 2026],
      student: false,
      assistance: null,
      ...over.insurance,
    },
  };
}

export function resident(over: Parameters<typeof person>[0] = {}): PersonFacts {
  return person({ ...over, insurance: { scheme: 'RESIDENT', account: null, ...over.insurance } });
}

export const huiminbao: Product = {
  productId: 'JS-YHB-2027',
  kind: 'HUIMINBAO',
  name: '江苏医惠保1号(2027年度)',
  year: 2027,
  opensAt: '2026-09-01T00:00:00+08:00',
  closesAt: '2026-12-31T23:59:59+08:00',
  regions: ['32'],
  relations: ['SELF', 'SPOUSE', 'PARENT', 'CHILD'],
  priceFen: { DEFAULT: 5900 },
  sharedBalance: 'HISTORICAL',
};

export const residentPremium: Product = {
  productId: 'ZB-RES-2027',
  kind: 'RESIDENT_PREMIUM',
  name: '淄博市城乡居民医保(2027年度)',
  year: 2027,
  opensAt: '2026-09-01T00:00:00+08:00',
  closesAt: '2026-12-31T23:59:59+08:00',
  regions: ['3703'],
  relations: ['SPOUSE', 'PARENT', 'CHILD', 'SIBLING', 'GRANDPARENT', 'GRANDCHILD'],
  priceFen: { ADULT: 44000, STUDENT_CHILD: 34000, TEKUN: 0, DIBAO: 0, DIBAO_EDGE: 22000 },
  sharedBalance: 'HISTORICAL',
};

/** 2026-11-24 10:00 in Shanghai: inside the 2027 windows above. */
export const NOW = new Date('2026-11-24T10:00:00+08:00');

export function codes(reasons: readonly { code: string }[]): string[] {
  return reasons.map((r) => r.code).sort();
}
