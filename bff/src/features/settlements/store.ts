import type { LedgerKind, Relation } from '@yibao/shared';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { accountLedger, checkIns, settlements } from '../../db/schema';
import { param as p, statement } from '../../db/statement';
import { newId } from '../../ids';

export type SettlementRow = typeof settlements.$inferSelect;
export type FamilyPaid = SettlementRow['family'][number];
export type LedgerRow = typeof accountLedger.$inferSelect;

/** One ledger line to write (P-SET-7): one bucket of one person's account. */
export interface LedgerLine {
  personId: string;
  kind: LedgerKind;
  bucket: 'CURRENT' | 'HISTORICAL';
  amountFen: number;
  orderId?: string | null;
  settlementId?: string | null;
  hospitalId?: string | null;
  subject?: { personId: string; maskedName: string; relation: Relation } | null;
}

const APPEND = statement<{ seq: string }>(
  'ledger_append',
  sql`insert into ${accountLedger} (entry_id, person_id, at, kind, bucket, amount_fen, order_id, settlement_id, hospital_id, subject_person_id, subject_masked_name, subject_relation)
    select e.entry_id, e.person_id, ${p('at')}::timestamptz, e.kind, e.bucket, e.amount_fen, e.order_id, e.settlement_id, e.hospital_id, e.subject_person_id, e.subject_masked_name, e.subject_relation
    from unnest(${p('entryIds')}::text[], ${p('persons')}::text[], ${p('kinds')}::text[], ${p('buckets')}::text[], ${p('amounts')}::int8[], ${p('orders')}::text[],
      ${p('settlements')}::text[], ${p('hospitals')}::text[], ${p('subjects')}::text[], ${p('names')}::text[], ${p('relations')}::text[])
      as e(entry_id, person_id, kind, bucket, amount_fen, order_id, settlement_id, hospital_id, subject_person_id, subject_masked_name, subject_relation)
    returning seq::text`,
);

/**
 * Writes ledger lines inside the transaction that moves the money (P-SET-4, P-PAY-8: every
 * movement in a ledger); one statement whatever their number.
 */
export async function appendLedger(tx: Db, at: Date, lines: readonly LedgerLine[]): Promise<void> {
  if (lines.length === 0) return;
  const rows = await APPEND.run(tx, {
    at: at.toISOString(),
    entryIds: lines.map(() => newId('e_')),
    persons: lines.map((l) => l.personId),
    kinds: lines.map((l) => l.kind),
    buckets: lines.map((l) => l.bucket),
    amounts: lines.map((l) => l.amountFen),
    orders: lines.map((l) => l.orderId ?? null),
    settlements: lines.map((l) => l.settlementId ?? null),
    hospitals: lines.map((l) => l.hospitalId ?? null),
    subjects: lines.map((l) => l.subject?.personId ?? null),
    names: lines.map((l) => l.subject?.maskedName ?? null),
    relations: lines.map((l) => l.subject?.relation ?? null),
  });
  if (rows.length !== lines.length) throw new Error('ledger lines not written');
}

const CHECK_IN = statement<{ check_in_id: string; person_id: string; hospital_id: string; checked_in_at: Date | string }>(
  'settlement_check_in',
  sql`select check_in_id, person_id, hospital_id, checked_in_at from ${checkIns} where check_in_id = ${p('checkInId')}`,
);

const SETTLEMENT_COLUMNS = sql.raw(
  'settlement_id, hospital_id, bill_no, body_hash, check_in_id, patient_person_id, patient_masked_name, status, total_fen, compliant_fen, deductible_applied_fen, fund_fen, own_current_fen, own_historical_fen, family, cash_fen, fund_year, settled_at, refunded_at',
);

/** A settlement's number claimed once per hospital (ON CONFLICT DO NOTHING: a racing twin waits, then gets nothing). */
const CLAIM = statement<{ settlement_id: string }>(
  'settlement_claim',
  sql`insert into ${settlements} (settlement_id, hospital_id, bill_no, body_hash, check_in_id, patient_person_id, patient_masked_name, status,
      total_fen, compliant_fen, deductible_applied_fen, fund_fen, own_current_fen, own_historical_fen, family, cash_fen, fund_year, settled_at)
    values (${p('settlementId')}, ${p('hospitalId')}, ${p('billNo')}, ${p('bodyHash')}, ${p('checkInId')}, ${p('patientPersonId')}, ${p('patientMaskedName')}, 'SETTLED',
      ${p('totalFen')}::int8, ${p('compliantFen')}::int8, 0, 0, 0, 0, '[]'::jsonb, ${p('totalFen')}::int8, ${p('fundYear')}::int, ${p('at')}::timestamptz)
    on conflict do nothing returning settlement_id`,
);

const COMPLETE = statement<{ settlement_id: string }>(
  'settlement_complete',
  sql`update ${settlements} set deductible_applied_fen = ${p('deductibleAppliedFen')}::int8, fund_fen = ${p('fundFen')}::int8,
      own_current_fen = ${p('ownCurrentFen')}::int8, own_historical_fen = ${p('ownHistoricalFen')}::int8, family = ${p('family')}::jsonb, cash_fen = ${p('cashFen')}::int8
    where settlement_id = ${p('settlementId')} returning settlement_id`,
);

const BY_BILL = statement<RawSettlement>(
  'settlement_by_bill',
  sql`select ${SETTLEMENT_COLUMNS} from ${settlements} where hospital_id = ${p('hospitalId')} and bill_no = ${p('billNo')}`,
);

const BY_ID = statement<RawSettlement>('settlement_by_id', sql`select ${SETTLEMENT_COLUMNS} from ${settlements} where settlement_id = ${p('settlementId')}`);

/** P-SET-6: the one refund of a settlement (the row lock makes a racing twin wait, then find it refunded). */
const MARK_REFUNDED = statement<RawSettlement>(
  'settlement_refund',
  sql`update ${settlements} set status = 'REFUNDED', refunded_at = ${p('at')}::timestamptz
    where settlement_id = ${p('settlementId')} and status = 'SETTLED' returning ${SETTLEMENT_COLUMNS}`,
);

const OF_HOSPITAL = statement<RawSettlement>(
  'settlements_of_hospital',
  sql`select ${SETTLEMENT_COLUMNS} from ${settlements} where hospital_id = ${p('hospitalId')} and settled_at >= ${p('since')}::timestamptz
    order by settled_at desc, settlement_id desc limit ${p('limit')}::int`,
);

/** P-SET-7: bills where the person was the patient or paid a family part (found by their ledger lines). */
const OF_CITIZEN = statement<RawSettlement>(
  'settlements_of_citizen',
  sql`select ${SETTLEMENT_COLUMNS} from ${settlements} where patient_person_id = ${p('personId')}
      or settlement_id in (select settlement_id from ${accountLedger} where person_id = ${p('personId')} and kind = 'FAMILY_SETTLEMENT')
    order by settled_at desc, settlement_id desc limit ${p('limit')}::int`,
);

/** #14 finding 7: the bills of one check-in of a patient, oldest first (the patient index). */
const OF_CHECK_IN = statement<RawSettlement>(
  'settlements_of_check_in',
  sql`select ${SETTLEMENT_COLUMNS} from ${settlements} where patient_person_id = ${p('personId')} and check_in_id = ${p('checkInId')}
    order by settled_at, settlement_id limit ${p('limit')}::int`,
);

/** P-SET-6: the person's bills (as patient or payer of a family part) not refunded, settled since an instant. */
const UNREFUNDED_OF_CITIZEN = statement<{ settlement_id: string; settled_ms: number | string }>(
  'settlements_unrefunded_of_citizen',
  sql`select settlement_id, (extract(epoch from settled_at) * 1000)::float8 as settled_ms from ${settlements}
    where status = 'SETTLED' and settled_at >= ${p('since')}::timestamptz
      and (patient_person_id = ${p('personId')}
        or settlement_id in (select settlement_id from ${accountLedger} where person_id = ${p('personId')} and kind = 'FAMILY_SETTLEMENT'))
    order by settled_at, settlement_id`,
);

// ORDER BY names the table's columns: a bare `seq` would be the text output column
const LEDGER_FIRST = statement<RawLedger>(
  'ledger_first',
  sql`select seq::text, entry_id, person_id, at, kind, bucket, amount_fen::text, order_id, settlement_id, hospital_id, subject_person_id, subject_masked_name, subject_relation
    from ${accountLedger} where person_id = ${p('personId')} order by ${accountLedger.at} desc, ${accountLedger.seq} desc limit ${p('limit')}::int`,
);
const LEDGER_BEFORE = statement<RawLedger>(
  'ledger_before',
  sql`select seq::text, entry_id, person_id, at, kind, bucket, amount_fen::text, order_id, settlement_id, hospital_id, subject_person_id, subject_masked_name, subject_relation
    from ${accountLedger} where person_id = ${p('personId')} and (${accountLedger.at}, ${accountLedger.seq}) < (${p('at')}::timestamptz, ${p('seq')}::int8)
    order by ${accountLedger.at} desc, ${accountLedger.seq} desc limit ${p('limit')}::int`,
);

interface RawSettlement {
  settlement_id: string;
  hospital_id: string;
  bill_no: string;
  body_hash: string;
  check_in_id: string;
  patient_person_id: string;
  patient_masked_name: string;
  status: string;
  total_fen: string | number;
  compliant_fen: string | number;
  deductible_applied_fen: string | number;
  fund_fen: string | number;
  own_current_fen: string | number;
  own_historical_fen: string | number;
  family: FamilyPaid[] | string;
  cash_fen: string | number;
  fund_year: number;
  settled_at: Date | string;
  refunded_at: Date | string | null;
}

interface RawLedger {
  seq: string;
  entry_id: string;
  person_id: string;
  at: Date | string;
  kind: string;
  bucket: string;
  amount_fen: string;
  order_id: string | null;
  settlement_id: string | null;
  hospital_id: string | null;
  subject_person_id: string | null;
  subject_masked_name: string | null;
  subject_relation: string | null;
}

const date = (v: Date | string) => (v instanceof Date ? v : new Date(v));

function settlementRow(r: RawSettlement): SettlementRow {
  return {
    settlementId: r.settlement_id,
    hospitalId: r.hospital_id,
    billNo: r.bill_no,
    bodyHash: r.body_hash,
    checkInId: r.check_in_id,
    patientPersonId: r.patient_person_id,
    patientMaskedName: r.patient_masked_name,
    status: r.status,
    totalFen: Number(r.total_fen),
    compliantFen: Number(r.compliant_fen),
    deductibleAppliedFen: Number(r.deductible_applied_fen),
    fundFen: Number(r.fund_fen),
    ownCurrentFen: Number(r.own_current_fen),
    ownHistoricalFen: Number(r.own_historical_fen),
    family: typeof r.family === 'string' ? (JSON.parse(r.family) as FamilyPaid[]) : r.family,
    cashFen: Number(r.cash_fen),
    fundYear: r.fund_year,
    settledAt: date(r.settled_at),
    refundedAt: r.refunded_at === null ? null : date(r.refunded_at),
  };
}

export interface LedgerEntryRow {
  seq: number;
  entryId: string;
  at: Date;
  kind: LedgerKind;
  bucket: 'CURRENT' | 'HISTORICAL';
  amountFen: number;
  orderId: string | null;
  settlementId: string | null;
  hospitalId: string | null;
  subject: { personId: string; maskedName: string; relation: Relation } | null;
}

function ledgerRow(r: RawLedger): LedgerEntryRow {
  return {
    seq: Number(r.seq),
    entryId: r.entry_id,
    at: date(r.at),
    kind: r.kind as LedgerKind,
    bucket: r.bucket as LedgerEntryRow['bucket'],
    amountFen: Number(r.amount_fen),
    orderId: r.order_id,
    settlementId: r.settlement_id,
    hospitalId: r.hospital_id,
    subject:
      r.subject_person_id && r.subject_masked_name && r.subject_relation
        ? { personId: r.subject_person_id, maskedName: r.subject_masked_name, relation: r.subject_relation as Relation }
        : null,
  };
}

/** Settlements, check-ins as settlement reads them, and the citizens' ledger. */
export class SettlementsStore {
  constructor(private readonly db: Db) {}

  async checkIn(checkInId: string): Promise<{ checkInId: string; personId: string; hospitalId: string; checkedInAt: Date } | null> {
    const [row] = await CHECK_IN.run(this.db, { checkInId });
    return row ? { checkInId: row.check_in_id, personId: row.person_id, hospitalId: row.hospital_id, checkedInAt: date(row.checked_in_at) } : null;
  }

  async claim(
    tx: Db,
    c: { settlementId: string; hospitalId: string; billNo: string; bodyHash: string; checkInId: string; patientPersonId: string; patientMaskedName: string; totalFen: number; compliantFen: number; fundYear: number; at: Date },
  ): Promise<boolean> {
    const rows = await CLAIM.run(tx, { ...c, at: c.at.toISOString() });
    return rows.length === 1;
  }

  async complete(
    tx: Db,
    settlementId: string,
    s: { deductibleAppliedFen: number; fundFen: number; ownCurrentFen: number; ownHistoricalFen: number; family: FamilyPaid[]; cashFen: number },
  ): Promise<void> {
    const rows = await COMPLETE.run(tx, { settlementId, ...s, family: JSON.stringify(s.family) });
    if (rows.length !== 1) throw new Error('settlement not completed');
  }

  async byBill(hospitalId: string, billNo: string): Promise<SettlementRow | null> {
    const [row] = await BY_BILL.run(this.db, { hospitalId, billNo });
    return row ? settlementRow(row) : null;
  }

  async get(settlementId: string): Promise<SettlementRow | null> {
    const [row] = await BY_ID.run(this.db, { settlementId });
    return row ? settlementRow(row) : null;
  }

  async markRefunded(tx: Db, settlementId: string, at: Date): Promise<SettlementRow | null> {
    const [row] = await MARK_REFUNDED.run(tx, { settlementId, at: at.toISOString() });
    return row ? settlementRow(row) : null;
  }

  async ofHospital(hospitalId: string, since: Date, limit: number): Promise<SettlementRow[]> {
    return (await OF_HOSPITAL.run(this.db, { hospitalId, since: since.toISOString(), limit })).map(settlementRow);
  }

  async ofCitizen(personId: string, limit: number): Promise<SettlementRow[]> {
    return (await OF_CITIZEN.run(this.db, { personId, limit })).map(settlementRow);
  }

  async ofCheckIn(personId: string, checkInId: string, limit: number): Promise<SettlementRow[]> {
    return (await OF_CHECK_IN.run(this.db, { personId, checkInId, limit })).map(settlementRow);
  }

  /** Not refunded, settled since `since`, oldest first; `db` may be a transaction (PGlite has one connection). */
  async unrefundedOf(db: Db, personId: string, since: Date): Promise<{ settlementId: string; settledAt: Date }[]> {
    const rows = await UNREFUNDED_OF_CITIZEN.run(db, { personId, since: since.toISOString() });
    return rows.map((r) => ({ settlementId: r.settlement_id, settledAt: new Date(Number(r.settled_ms)) }));
  }

  /** Newest first; `before` is the (at, seq) of the last entry already seen. */
  async ledger(personId: string, limit: number, before?: { at: Date; seq: number }): Promise<LedgerEntryRow[]> {
    const rows = before
      ? await LEDGER_BEFORE.run(this.db, { personId, limit, at: before.at.toISOString(), seq: before.seq })
      : await LEDGER_FIRST.run(this.db, { personId, limit });
    return rows.map(ledgerRow);
  }
}
