import { z } from 'zod';
import { parseIdNumber } from '../identity/idNumber';
import { isValidName, isValidPhone } from '../identity/contact';
import {
  ASSISTANCE_KINDS,
  GEO_SCOPES,
  INSURANCE_STATUSES,
  PRODUCT_KINDS,
  RELATION_POLICIES,
  RELATIONS,
  SCHEMES,
} from '../types';
import { DEFAULT_OUTPATIENT } from '../rules/settlement';

/** The sandbox world file of API.md (SANDBOX_FIXTURES). Errors name the field. */
const region = z.string().regex(/^\d{6}$/, { error: 'must be a 6-digit admin code' });
const fen = z.number().int({ error: 'must be an integer number of fen' }).nonnegative();
const instant = z.string().refine((s) => /[+-]\d{2}:?\d{2}$|Z$/.test(s) && !Number.isNaN(Date.parse(s)), {
  error: 'must be an ISO-8601 instant with an offset',
});
const idNumber = z.string().refine((s) => parseIdNumber(s).ok, { error: 'is not a valid 18-digit ID number' });

const outpatientScheme = z.object({ deductibleFen: fen, ratioPct: z.number().int().min(0).max(100), capFen: fen });

const citizen = z.object({
  idNumber,
  name: z.string().refine(isValidName, { error: 'is not a valid name (2-30 characters)' }),
  phone: z.string().refine(isValidPhone, { error: 'is not an 11-digit mobile number' }),
  insurance: z
    .object({
      scheme: z.enum(SCHEMES),
      status: z.enum(INSURANCE_STATUSES),
      region,
      account: z.object({ historicalFen: fen, currentFen: fen }).nullable().optional(),
      paidYears: z.array(z.number().int()).default([]),
      student: z.boolean().default(false),
      assistance: z.enum(ASSISTANCE_KINDS).nullable().default(null),
      outpatient: z.object({ year: z.number().int().min(2000).max(2100), deductibleMetFen: fen, fundPaidFen: fen }).optional(),
    })
    .refine((i) => (i.scheme === 'NONE') === (i.status === 'NONE'), {
      error: 'scheme NONE goes with status NONE and only with it',
    })
    .refine((i) => i.scheme === 'EMPLOYEE' || !i.account, { error: 'only EMPLOYEE insurance has an account' }),
});

const product = z
  .object({
    productId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    kind: z.enum(PRODUCT_KINDS),
    name: z.string().min(1),
    year: z.number().int().min(2000).max(2100),
    opensAt: instant,
    closesAt: instant,
    regions: z.array(z.string().regex(/^(\d{2}|\d{4}|\d{6})$/, { error: 'must be 2, 4 or 6 digits' })).min(1),
    relations: z.array(z.enum(['SELF', ...RELATIONS])).min(1),
    priceFen: z.record(z.string(), fen),
    sharedBalance: z.enum(['HISTORICAL', 'TOTAL']).default('HISTORICAL'),
    /** 投保须知, shown on the payment page when present (#14). */
    description: z.string().min(1).max(2000).optional(),
    /** What the product covers, one line each (#14). */
    coverage: z.array(z.string().min(1).max(200)).max(20).optional(),
  })
  .refine((p) => Date.parse(p.opensAt) < Date.parse(p.closesAt), { error: 'opensAt must be before closesAt', path: ['closesAt'] })
  .refine((p) => (p.kind === 'HUIMINBAO' ? 'DEFAULT' in p.priceFen : 'ADULT' in p.priceFen && 'STUDENT_CHILD' in p.priceFen), {
    error: 'HUIMINBAO needs priceFen.DEFAULT; RESIDENT_PREMIUM needs priceFen.ADULT and priceFen.STUDENT_CHILD',
    path: ['priceFen'],
  });

export const worldSchema = z
  .object({
    citizens: z.array(citizen),
    relations: z
      .array(z.object({ person: idNumber, relative: idNumber, relation: z.enum(RELATIONS) }))
      .default([]),
    hospitals: z
      .array(
        z.object({
          hospitalId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
          name: z.string().min(1),
          secret: z.string().min(1).max(256),
          region,
        }),
      )
      .default([]),
    products: z.array(product).default([]),
    familyPolicy: z
      .object({
        relations: z.enum(RELATION_POLICIES).default('NEAR'),
        scope: z.enum(GEO_SCOPES).default('PROVINCE'),
        maxMembers: z.number().int().positive().default(10),
      })
      .default({ relations: 'NEAR', scope: 'PROVINCE', maxMembers: 10 }),
    outpatient: z
      .object({
        EMPLOYEE: outpatientScheme.default(DEFAULT_OUTPATIENT.EMPLOYEE),
        RESIDENT: outpatientScheme.default(DEFAULT_OUTPATIENT.RESIDENT),
      })
      .default(DEFAULT_OUTPATIENT),
    maintenance: z
      .array(
        z
          .object({ startsAt: instant, endsAt: instant, message: z.string().min(1) })
          .refine((w) => Date.parse(w.startsAt) < Date.parse(w.endsAt), { error: 'startsAt must be before endsAt', path: ['endsAt'] }),
      )
      .default([]),
  })
  .superRefine((world, ctx) => {
    const ids = new Set<string>();
    world.citizens.forEach((c, i) => {
      const id = c.idNumber.toUpperCase();
      if (ids.has(id)) ctx.addIssue({ code: 'custom', path: ['citizens', i, 'idNumber'], message: 'is a duplicate' });
      ids.add(id);
    });
    world.relations.forEach((r, i) => {
      for (const side of ['person', 'relative'] as const) {
        if (!ids.has(r[side].toUpperCase()))
          ctx.addIssue({ code: 'custom', path: ['relations', i, side], message: 'names no citizen of the file' });
      }
    });
    const productIds = new Set<string>();
    world.products.forEach((p, i) => {
      if (productIds.has(p.productId)) ctx.addIssue({ code: 'custom', path: ['products', i, 'productId'], message: 'is a duplicate' });
      productIds.add(p.productId);
    });
    const hospitalIds = new Set<string>();
    world.hospitals.forEach((h, i) => {
      if (hospitalIds.has(h.hospitalId)) ctx.addIssue({ code: 'custom', path: ['hospitals', i, 'hospitalId'], message: 'is a duplicate' });
      hospitalIds.add(h.hospitalId);
    });
  });

export type World = z.output<typeof worldSchema>;
export type WorldCitizen = World['citizens'][number];
export type WorldRelation = World['relations'][number];
export type WorldHospital = World['hospitals'][number];
export type WorldProduct = World['products'][number];

/** Parses a world file; on failure, one line per problem naming the field (e.g. `citizens[3].phone`). */
export function parseWorld(input: unknown): { ok: true; world: World } | { ok: false; problems: string[] } {
  const result = worldSchema.safeParse(input);
  if (result.success) return { ok: true, world: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => {
      const path = issue.path.reduce<string>(
        (acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc ? `${acc}.${String(seg)}` : String(seg)),
        '',
      );
      return `${path || '(root)'}: ${issue.message}`;
    }),
  };
}
