import { checkCharacter, parseWorld, type World } from '@yibao/shared';

/**
 * Worlds built in code, valid per shared's world schema (checked here): many employees with
 * personal accounts, many 惠民保 products open now, so that streams of orders from many users
 * are possible without touching the rate limits of any one user.
 */

const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红梅鹏辉建国志';
const FAMILY = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾';

export interface CitizenSpec {
  historicalFen: number;
  currentFen: number;
  /** YYYYMMDD; default 1980-01-01 plus the index in days. */
  birth?: string;
  sex?: 'M' | 'F';
  region?: string;
  scheme?: 'EMPLOYEE' | 'RESIDENT';
}

/** A valid 18-character ID number: region, birth date, sequence (odd = male), MOD 11-2 check. */
export function idNumber(region: string, birth: string, seq: number, sex: 'M' | 'F' = 'M'): string {
  let s = seq % 1000;
  if ((s % 2 === 1) !== (sex === 'M')) s = (s + 1) % 1000;
  const first17 = `${region}${birth}${String(s).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

function birthFor(i: number): string {
  const d = new Date(Date.UTC(1970, 0, 1) + (i % 9000) * 86_400_000);
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
}

/** A distinct valid Chinese name per index (3 characters). */
export function nameFor(i: number): string {
  return FAMILY[i % FAMILY.length] + GIVEN[Math.floor(i / FAMILY.length) % GIVEN.length] + GIVEN[Math.floor(i / (FAMILY.length * GIVEN.length)) % GIVEN.length];
}

export interface Built {
  world: World;
  /** Raw JSON (what a world file holds). */
  json: Record<string, unknown>;
  citizens: { idNumber: string; name: string; phone: string; historicalFen: number; currentFen: number }[];
  products: { productId: string; priceFen: number }[];
  hospitals: { hospitalId: string; secret: string }[];
}

export interface WorldOptions {
  citizens: CitizenSpec[];
  /** 惠民保 products open from a month ago to a month ahead of `now`, one price each. */
  productPrices: number[];
  /** The evaluation instant the windows are built around (real time for child processes). */
  now?: Date;
  /** Different seeds give disjoint ID numbers and phones (worlds of one run never collide). */
  seed?: number;
  relations?: { person: number; relative: number; relation: string }[];
  /** How many hospitals (default 2). */
  hospitals?: number;
}

export function buildWorld(opts: WorldOptions): Built {
  const seed = opts.seed ?? 0;
  const now = opts.now ?? new Date();
  const opensAt = new Date(now.getTime() - 30 * 86_400_000).toISOString();
  const closesAt = new Date(now.getTime() + 30 * 86_400_000).toISOString();
  const year = now.getUTCFullYear() + 1;
  const citizens = opts.citizens.map((c, i) => {
    const n = seed * 10_000 + i;
    const region = c.region ?? '320102';
    const id = idNumber(region, c.birth ?? birthFor(n), (n % 499) * 2 + 1, c.sex ?? (i % 2 === 0 ? 'M' : 'F'));
    return {
      idNumber: id,
      name: nameFor(n),
      phone: `13${String(9_000_000_00 + n).padStart(9, '0')}`,
      historicalFen: c.historicalFen,
      currentFen: c.currentFen,
      scheme: c.scheme ?? 'EMPLOYEE',
      region,
    };
  });
  const ids = new Set(citizens.map((c) => c.idNumber));
  if (ids.size !== citizens.length) throw new Error('world builder produced duplicate ID numbers');
  const products = opts.productPrices.map((priceFen, i) => ({ productId: `REL-${seed}-P${i}`, priceFen }));
  const hospitals = Array.from({ length: opts.hospitals ?? 2 }, (_, i) => ({
    hospitalId: `H${seed}X${i}`,
    secret: `rel-secret-${seed}-${i}-${Math.random().toString(36).slice(2)}`,
  }));
  const json = {
    citizens: citizens.map((c) => ({
      idNumber: c.idNumber,
      name: c.name,
      phone: c.phone,
      insurance: {
        scheme: c.scheme,
        status: 'ACTIVE',
        region: c.region,
        ...(c.scheme === 'EMPLOYEE' ? { account: { historicalFen: c.historicalFen, currentFen: c.currentFen } } : {}),
        paidYears: [year - 2, year - 1],
        student: false,
        assistance: null,
      },
    })),
    relations: (opts.relations ?? []).map((r) => ({ person: citizens[r.person].idNumber, relative: citizens[r.relative].idNumber, relation: r.relation })),
    hospitals: hospitals.map((h) => ({ ...h, name: `可靠性测试医院${h.hospitalId}`, region: '320102' })),
    products: products.map((p, i) => ({
      productId: p.productId,
      kind: 'HUIMINBAO',
      name: `可靠性惠民保${i}号`,
      year,
      opensAt,
      closesAt,
      regions: ['32'],
      relations: ['SELF', 'SPOUSE', 'PARENT', 'CHILD'],
      priceFen: { DEFAULT: p.priceFen },
      sharedBalance: 'HISTORICAL',
    })),
    familyPolicy: { relations: 'NEAR', scope: 'PROVINCE', maxMembers: 10 },
    maintenance: [],
  };
  const parsed = parseWorld(json);
  if (!parsed.ok) throw new Error(`generated world is invalid:\n${parsed.problems.join('\n')}`);
  return { world: parsed.world, json, citizens, products, hospitals };
}
