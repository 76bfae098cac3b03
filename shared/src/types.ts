/** Vocabulary of POLICY.md and the sandbox world file of API.md. */
export const SCHEMES = ['EMPLOYEE', 'RESIDENT', 'NONE'] as const;
export type Scheme = (typeof SCHEMES)[number];

export const INSURANCE_STATUSES = ['ACTIVE', 'SUSPENDED', 'TERMINATED', 'NONE'] as const;
export type InsuranceStatus = (typeof INSURANCE_STATUSES)[number];

export const RELATIONS = ['SPOUSE', 'PARENT', 'CHILD', 'SIBLING', 'GRANDPARENT', 'GRANDCHILD'] as const;
export type Relation = (typeof RELATIONS)[number];
export type InsuredRelation = Relation | 'SELF';

export const ASSISTANCE_KINDS = ['TEKUN', 'DIBAO', 'DIBAO_EDGE'] as const;
export type AssistanceKind = (typeof ASSISTANCE_KINDS)[number];
export type Assistance = AssistanceKind | null;

export type Sex = 'M' | 'F';

export interface AccountBalance {
  /** 历年结余, carried over from earlier years (fen). */
  historicalFen: number;
  /** 当年, current-year accruals (fen). */
  currentFen: number;
}

/** P-SET-2: what the pooling fund has counted for a person in `year` (API.md world file). */
export interface OutpatientCounters {
  year: number;
  deductibleMetFen: number;
  fundPaidFen: number;
}

export interface InsuranceRecord {
  scheme: Scheme;
  status: InsuranceStatus;
  /** 参保地: 6-digit admin code. */
  region: string;
  account?: AccountBalance | null;
  paidYears: number[];
  student: boolean;
  assistance: Assistance;
  /** P-SET-2: the fund's yearly counters; absent (or another year): nothing counted yet. */
  outpatient?: OutpatientCounters | null;
}

/** What the rules need to know about a person; never the raw ID number. */
export interface PersonFacts {
  personId: string;
  /** YYYY-MM-DD, from the ID number. */
  birthDate: string;
  sex: Sex;
  insurance: InsuranceRecord;
}

export const RELATION_POLICIES = ['NARROW', 'NEAR'] as const;
export type RelationPolicy = (typeof RELATION_POLICIES)[number];
export const GEO_SCOPES = ['POOL', 'PROVINCE', 'NATION'] as const;
export type GeoScope = (typeof GEO_SCOPES)[number];

export interface FamilyPolicy {
  relations: RelationPolicy;
  scope: GeoScope;
  maxMembers: number;
}

export const PRODUCT_KINDS = ['HUIMINBAO', 'RESIDENT_PREMIUM'] as const;
export type ProductKind = (typeof PRODUCT_KINDS)[number];
export type SharedBalance = 'HISTORICAL' | 'TOTAL';

export interface Product {
  productId: string;
  kind: ProductKind;
  name: string;
  year: number;
  opensAt: string;
  closesAt: string;
  regions: string[];
  relations: InsuredRelation[];
  priceFen: Record<string, number>;
  sharedBalance: SharedBalance;
  /** 投保须知 (#14), optional. */
  description?: string;
  /** What the product covers, one line each (#14), optional. */
  coverage?: string[];
}

export interface MaintenanceWindow {
  startsAt: string;
  endsAt: string;
  message: string;
}

export const BINDING_STATUSES = ['ACTIVE', 'PENDING_CONSENT'] as const;
export type BindingStatus = (typeof BINDING_STATUSES)[number];

export const PAY_METHODS = ['PERSONAL_ACCOUNT', 'SELF_PAY'] as const;
export type PayMethod = (typeof PAY_METHODS)[number];

/** A failing reason: contract code + Chinese message + the rule it comes from. */
export interface Reason {
  code: string;
  message: string;
  rule?: string;
  personId?: string;
  field?: string;
}
