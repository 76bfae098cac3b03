import { shanghaiDate } from '../time';
import type { AccountBalance, InsuranceRecord, OutpatientCounters, Scheme } from '../types';

/** P-SET-2: the pooling fund (门诊统筹) of one scheme. */
export interface OutpatientScheme {
  /** 起付线: the yearly deductible (fen). */
  deductibleFen: number;
  /** The share of the compliant part above the deductible that the fund pays (percent). */
  ratioPct: number;
  /** What the fund pays at most in a calendar year (fen). */
  capFen: number;
}

export type OutpatientPolicy = Record<Exclude<Scheme, 'NONE'>, OutpatientScheme>;

/** P-SET-2 defaults (a world file's top-level `outpatient` overrides them). */
export const DEFAULT_OUTPATIENT: OutpatientPolicy = {
  EMPLOYEE: { deductibleFen: 20000, ratioPct: 70, capFen: 300000 },
  RESIDENT: { deductibleFen: 0, ratioPct: 50, capFen: 50000 },
};

/** API.md: a bill over 10,000,000 fen (100,000 yuan) at an outpatient counter is absurd. */
export const MAX_BILL_FEN = 10_000_000;

/** P-SET-1 / P-SET-6: a check-in carries bills, and a settlement is refunded, within 24 hours. */
export const SETTLEMENT_WINDOW_MS = 24 * 60 * 60 * 1000;

/** P-SET-2: the fund's counters for the calendar year (Asia/Shanghai) of `at`; another year's are 0. */
export function countersFor(recorded: OutpatientCounters | null | undefined, at: Date): { deductibleMetFen: number; fundPaidFen: number } {
  if (!recorded || recorded.year !== shanghaiDate(at).year) return { deductibleMetFen: 0, fundPaidFen: 0 };
  return { deductibleMetFen: recorded.deductibleMetFen, fundPaidFen: recorded.fundPaidFen };
}

/** P-SET-3 (2): one network the patient belongs to, with the organizer's state now. */
export interface FamilyFunding {
  /** The binding (API: `memberId`). */
  memberId: string;
  organizerPersonId: string;
  /** When the binding became ACTIVE: the oldest pays first. */
  activatedAt: Date;
  /** The binding is ACTIVE and the organizer has switched PAY on (P-FAM-7). */
  payEnabled: boolean;
  /** The organizer's insurance now (P-FAM-1: only an ACTIVE EMPLOYEE with an account shares). */
  organizer: Pick<InsuranceRecord, 'scheme' | 'status' | 'account'>;
}

export interface SettlementInput {
  at: Date;
  totalFen: number;
  compliantFen: number;
  /** false when the patient declines to pay from accounts (P-SET-3): own and family are skipped. */
  payFromAccounts: boolean;
  policy: OutpatientPolicy;
  patient: Pick<InsuranceRecord, 'scheme' | 'status' | 'account'>;
  /** The patient's fund counters for the year of `at` (countersFor). */
  counters: { deductibleMetFen: number; fundPaidFen: number };
  /** Every network in which the patient is a member (any order: the rule sorts them). */
  networks: readonly FamilyFunding[];
}

export interface FamilyPart {
  memberId: string;
  organizerPersonId: string;
  historicalFen: number;
}

export interface SettlementSplit {
  totalFen: number;
  compliantFen: number;
  deductibleAppliedFen: number;
  fundFen: number;
  ownAccount: AccountBalance;
  /** Only the networks that pay, in the order the money is drawn. */
  family: FamilyPart[];
  cashFen: number;
}

/** P-SET-3: oldest activation first; at the same instant by memberId (unique: one binding each), so the order is total. */
function payingOrder(a: FamilyFunding, b: FamilyFunding): number {
  // Stryker disable next-line EqualityOperator: `<=` is equivalent (it differs only for equal memberIds); `>=` reverses the tie-break and fails 'P-SET-3 networks activated at the same instant…'
  return a.activatedAt.getTime() - b.activatedAt.getTime() || (a.memberId < b.memberId ? -1 : 1);
}

function sharesFunds(organizer: FamilyFunding['organizer']): boolean {
  return organizer.scheme === 'EMPLOYEE' && organizer.status === 'ACTIVE' && !!organizer.account;
}

/**
 * P-SET-2: whether the insurance pays anything of a bill at the counter (fund, own account,
 * family): only for an ACTIVE patient of a scheme. Anyone else pays the whole bill in cash — the
 * 医保码 page says so before the visit (#14 finding 6).
 */
export function insurancePaysAtCounter<T extends Pick<InsuranceRecord, 'scheme' | 'status'>>(patient: T): patient is T & { scheme: Exclude<Scheme, 'NONE'> } {
  return patient.status === 'ACTIVE' && patient.scheme !== 'NONE';
}

/**
 * P-SET-2..4 (with P-FAM-9): how a bill is paid. The fund pays its ratio of the compliant part
 * above what is left of the yearly deductible, up to what is left of its yearly cap; the
 * patient's own share of the compliant part comes from their own account (当年, then 历年结余),
 * then from each network's organizer's 历年结余 (oldest activation first), then cash; the
 * non-compliant part is cash. A patient who is not ACTIVE pays the whole bill in cash.
 * Every part is ≥ 0 and they add up to the total.
 */
export function splitBill(input: SettlementInput): SettlementSplit {
  const { totalFen, compliantFen, patient } = input;
  const none: SettlementSplit = {
    totalFen,
    compliantFen,
    deductibleAppliedFen: 0,
    fundFen: 0,
    ownAccount: { currentFen: 0, historicalFen: 0 },
    family: [],
    cashFen: totalFen,
  };
  if (!insurancePaysAtCounter(patient)) return none;

  const scheme = input.policy[patient.scheme];
  const unmet = Math.max(0, scheme.deductibleFen - input.counters.deductibleMetFen);
  const deductibleAppliedFen = Math.min(compliantFen, unmet);
  const capLeft = Math.max(0, scheme.capFen - input.counters.fundPaidFen);
  const fundFen = Math.max(0, Math.min(Math.floor(((compliantFen - deductibleAppliedFen) * scheme.ratioPct) / 100), capLeft));

  let owed = compliantFen - fundFen;
  const ownAccount = { currentFen: 0, historicalFen: 0 };
  const family: FamilyPart[] = [];
  if (input.payFromAccounts) {
    const own = patient.scheme === 'EMPLOYEE' ? patient.account : null;
    if (own) {
      ownAccount.currentFen = Math.min(owed, Math.max(0, own.currentFen));
      owed -= ownAccount.currentFen;
      ownAccount.historicalFen = Math.min(owed, Math.max(0, own.historicalFen));
      owed -= ownAccount.historicalFen;
    }
    const paying = input.networks
      .filter((n) => n.payEnabled && sharesFunds(n.organizer))
      .sort(payingOrder);
    for (const n of paying) {
      const historicalFen = Math.min(owed, Math.max(0, n.organizer.account!.historicalFen));
      if (historicalFen === 0) continue;
      family.push({ memberId: n.memberId, organizerPersonId: n.organizerPersonId, historicalFen });
      owed -= historicalFen;
    }
  }
  return { totalFen, compliantFen, deductibleAppliedFen, fundFen, ownAccount, family, cashFen: owed + (totalFen - compliantFen) };
}

/** P-SET-4: the fund's counters after a settlement (refund: `sign` −1 restores them). */
export function countersAfter(
  counters: { deductibleMetFen: number; fundPaidFen: number },
  split: Pick<SettlementSplit, 'deductibleAppliedFen' | 'fundFen'>,
  sign: 1 | -1 = 1,
): { deductibleMetFen: number; fundPaidFen: number } {
  return {
    deductibleMetFen: Math.max(0, counters.deductibleMetFen + sign * split.deductibleAppliedFen),
    fundPaidFen: Math.max(0, counters.fundPaidFen + sign * split.fundFen),
  };
}

/** P-SET-1: a settlement needs a check-in by the same hospital no more than 24 hours old. */
export function checkInOpen(checkedInAt: Date, at: Date): boolean {
  return at.getTime() - checkedInAt.getTime() <= SETTLEMENT_WINDOW_MS;
}

/** P-SET-6: the same hospital refunds a settlement within 24 hours. */
export function refundOpen(settledAt: Date, at: Date): boolean {
  return at.getTime() - settledAt.getTime() <= SETTLEMENT_WINDOW_MS;
}

/** P-SET-1: the content a bill number stands for; the same number with other content is BILL_NO_REUSED. */
export function billContent(bill: { checkInId: string; totalFen: number; compliantFen: number; payFromAccounts: boolean }): string {
  return JSON.stringify([bill.checkInId, bill.totalFen, bill.compliantFen, bill.payFromAccounts]);
}

export const LEDGER_KINDS = ['PREMIUM', 'SETTLEMENT', 'FAMILY_SETTLEMENT', 'REFUND'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];
export type Bucket = 'CURRENT' | 'HISTORICAL';

/** One movement of one personal-account bucket (API.md: one ledger entry each). */
export interface AccountMovement {
  personId: string;
  bucket: Bucket;
  /** < 0 out of the account, > 0 back in. */
  amountFen: number;
  kind: LedgerKind;
}

/**
 * P-SET-4 / P-SET-6 / P-SET-7: every bucket movement a settlement makes (or its refund undoes):
 * the patient's own 当年 and 历年 (SETTLEMENT) and each organizer's 历年 (FAMILY_SETTLEMENT);
 * a refund puts each back with kind REFUND. Buckets that do not move have no entry.
 */
export function settlementMovements(
  patientPersonId: string,
  split: Pick<SettlementSplit, 'ownAccount' | 'family'>,
  refund = false,
): AccountMovement[] {
  const sign = refund ? 1 : -1;
  const out: AccountMovement[] = [];
  const own = (bucket: Bucket, fen: number) => {
    if (fen > 0) out.push({ personId: patientPersonId, bucket, amountFen: sign * fen, kind: refund ? 'REFUND' : 'SETTLEMENT' });
  };
  own('CURRENT', split.ownAccount.currentFen);
  own('HISTORICAL', split.ownAccount.historicalFen);
  for (const f of split.family) {
    if (f.historicalFen > 0) out.push({ personId: f.organizerPersonId, bucket: 'HISTORICAL', amountFen: sign * f.historicalFen, kind: refund ? 'REFUND' : 'FAMILY_SETTLEMENT' });
  }
  return out;
}

/** P-SET-7: a settlement is shown to its patient and to every organizer whose account paid a part. */
export function settlementVisibleTo(personId: string, patientPersonId: string, split: Pick<SettlementSplit, 'family'>): boolean {
  return personId === patientPersonId || split.family.some((f) => f.organizerPersonId === personId);
}
