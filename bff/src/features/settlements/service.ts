import {
  AccountBalance,
  billContent,
  checkInOpen,
  countersAfter,
  countersFor,
  FamilyFunding,
  maskName,
  Relation,
  refundOpen,
  ResponseOf,
  SettlementBody,
  SettlementPreviewBody,
  settlementMovements,
  SettlementSplit,
  shanghaiDate,
  splitBill,
  toShanghaiIso,
} from '@yibao/shared';
import type { Ctx } from '../../context';
import type { Db } from '../../db/client';
import { sha256 } from '../../crypto/pii';
import { AppError, notFound } from '../../http/errors';
import { newId } from '../../ids';
import { familyPaymentMessage, refundMessage } from '../../wechat/messages';
import { enqueueMessage } from '../../wechat/outbox';
import type { Person } from '../../people/people';
import { Binding, FamilyStore } from '../family/store';
import { appendLedger, FamilyPaid, LedgerLine, SettlementRow, SettlementsStore } from './store';

type SplitView = ResponseOf<'previewSettlement'>;
type SettlementView = ResponseOf<'settle'>;
type CitizenSettlementView = ResponseOf<'settlements'>[number];
type LedgerView = ResponseOf<'ledger'>;

/** The hospital's list and the citizen's: at most this many, newest first. */
export const LIST_LIMIT = 500;

/** A bill as both preview and settlement read it. */
interface Bill {
  checkInId: string;
  totalFen: number;
  compliantFen: number;
  payFromAccounts: boolean;
}

interface Gathered {
  patient: Person;
  patientMaskedName: string;
  active: boolean;
  joined: Binding[];
  organizers: Map<string, Person>;
  modes: Map<string, { pay: boolean }>;
  /** personId → ID number of the patient and every organizer. */
  idNumbers: Map<string, string>;
  /** ID numbers of the accounts that may pay (locked by a settlement). */
  payers: string[];
}

/** The split of a bill and who stands behind each part (P-SET-2..4). */
interface Plan {
  patient: Person;
  patientMaskedName: string;
  split: SettlementSplit;
  /** The family parts with what the statement shows of them. */
  family: FamilyPaid[];
  /** The fund counters as recorded before the bill (year + values). */
  recorded: { year: number; deductibleMetFen: number; fundPaidFen: number };
  year: number;
  /** personId → ID number of everyone whose account may move. */
  idNumbers: Map<string, string>;
}

/**
 * Counter settlement (P-SET-1..8). Decisions come from shared's splitBill; this class reads the
 * people and networks, and — for a settlement or refund — locks every account that may move and
 * the patient's fund counters inside one transaction, re-computes the split on the locked values,
 * moves the money, the counters and the ledger lines, all or nothing.
 */
export class SettlementsService {
  readonly store: SettlementsStore;
  private readonly family: FamilyStore;

  constructor(private readonly ctx: Ctx) {
    this.store = new SettlementsStore(ctx.db);
    this.family = new FamilyStore(ctx.db);
  }

  /** P-SET-1: the hospital's own check-in (another hospital's or an unknown one is 404), no more than 24 h old. */
  private async openCheckIn(hospitalId: string, checkInId: string, at: Date) {
    const checkIn = await this.store.checkIn(checkInId);
    if (!checkIn || checkIn.hospitalId !== hospitalId) throw notFound();
    if (!checkInOpen(checkIn.checkedInAt, at)) throw new AppError(422, 'CHECKIN_EXPIRED');
    return checkIn;
  }

  /**
   * What a split needs to know besides balances and counters: the patient, the networks the
   * patient has joined (ACTIVE bindings) and their organizers and modes (P-SET-3 (2)). Read before
   * any transaction: inside one, only the transaction's own connection is used (PGlite has one).
   */
  private async gather(patientPersonId: string, bill: Bill): Promise<Gathered> {
    const { ctx } = this;
    const patient = await ctx.people.get(patientPersonId);
    if (!patient) throw notFound();
    const ins = patient.citizen.insurance;
    const active = ins.status === 'ACTIVE' && ins.scheme !== 'NONE';
    const joined = active && bill.payFromAccounts ? await this.family.membershipsOf(patientPersonId) : [];
    const organizerIds = [...new Set(joined.map((b) => b.organizerPersonId))];
    const [organizers, modes] = organizerIds.length
      ? await Promise.all([ctx.people.getMany(organizerIds), this.family.modesOfMany(organizerIds)])
      : [new Map<string, Person>(), new Map<string, { pay: boolean }>()];
    const idNumbers = new Map([[patientPersonId, patient.citizen.idNumber]]);
    // the accounts that may pay: the patient's own (EMPLOYEE), each sharing organizer's with PAY on
    const payers: string[] = [];
    if (active && bill.payFromAccounts && ins.scheme === 'EMPLOYEE' && ins.account) payers.push(patient.citizen.idNumber);
    for (const [id, o] of organizers) {
      idNumbers.set(id, o.citizen.idNumber);
      const oi = o.citizen.insurance;
      if (oi.scheme === 'EMPLOYEE' && oi.status === 'ACTIVE' && oi.account && modes.get(id)?.pay) payers.push(o.citizen.idNumber);
    }
    return { patient, patientMaskedName: maskName(patient.citizen.name), active, joined, organizers, modes, idNumbers, payers };
  }

  /**
   * P-SET-2..3: the split of `bill` at `at`. Without `tx`, on balances and counters as they are (a
   * preview); with `tx`, it locks the accounts that may pay (one statement, stable order), then the
   * patient's counters, and splits on what it locked.
   */
  private async plan(g: Gathered, bill: Bill, at: Date, tx?: Db): Promise<Plan> {
    const { ctx } = this;
    const { patient } = g;
    const patientPersonId = patient.personId;
    const ins = patient.citizen.insurance;
    const balances = new Map<string, AccountBalance | null>();
    let recorded = { year: 0, deductibleMetFen: 0, fundPaidFen: 0 };
    if (g.active) {
      if (tx) {
        const locked = await ctx.upstream.lockAccounts(tx, g.payers);
        for (const [id, n] of g.idNumbers) balances.set(id, locked.get(n.toUpperCase()) ?? null);
        recorded = await ctx.upstream.outpatientCounters(patient.citizen.idNumber, tx, true);
      } else {
        balances.set(patientPersonId, ins.account ?? null);
        for (const [id, o] of g.organizers) balances.set(id, o.citizen.insurance.account ?? null);
        recorded = await ctx.upstream.outpatientCounters(patient.citizen.idNumber);
      }
    }
    const networks: FamilyFunding[] = g.joined.flatMap((b) => {
      const o = g.organizers.get(b.organizerPersonId);
      if (!o) return [];
      return [
        {
          memberId: b.memberId,
          organizerPersonId: b.organizerPersonId,
          activatedAt: b.updatedAt,
          payEnabled: b.status === 'ACTIVE' && !!g.modes.get(b.organizerPersonId)?.pay,
          organizer: { scheme: o.citizen.insurance.scheme, status: o.citizen.insurance.status, account: balances.get(b.organizerPersonId) ?? null },
        },
      ];
    });
    const split = splitBill({
      at,
      totalFen: bill.totalFen,
      compliantFen: bill.compliantFen,
      payFromAccounts: bill.payFromAccounts,
      policy: ctx.upstream.catalog().outpatient,
      patient: { scheme: ins.scheme, status: ins.status, account: balances.get(patientPersonId) ?? null },
      counters: countersFor(recorded, at),
      networks,
    });
    const bindingOf = new Map(g.joined.map((b) => [b.memberId, b]));
    const family = split.family.map((f) => ({
      memberId: f.memberId,
      organizerPersonId: f.organizerPersonId,
      organizerMaskedName: maskName(g.organizers.get(f.organizerPersonId)!.citizen.name),
      relation: bindingOf.get(f.memberId)!.relation,
      historicalFen: f.historicalFen,
    }));
    return { patient, patientMaskedName: g.patientMaskedName, split, family, recorded, year: shanghaiDate(at).year, idNumbers: g.idNumbers };
  }

  /** POST /hospital/settlements/preview (P-SET-5): the same split, moving nothing. */
  async preview(hospitalId: string, body: SettlementPreviewBody): Promise<SplitView> {
    const at = this.ctx.clock.now();
    const checkIn = await this.openCheckIn(hospitalId, body.checkInId, at);
    const plan = await this.plan(await this.gather(checkIn.personId, body), body, at);
    return splitView(body.checkInId, { personId: checkIn.personId, maskedName: plan.patientMaskedName }, plan.split, plan.family);
  }

  /**
   * POST /hospital/settlements (P-SET-1..4): the bill number is claimed for the hospital (unique:
   * a racing twin in any process waits, then replays), the accounts and counters locked, the split
   * re-computed on them and applied with its ledger lines — one transaction, all or nothing.
   */
  async settle(hospitalId: string, body: SettlementBody): Promise<SettlementView> {
    const { ctx } = this;
    const hash = sha256(billContent(body));
    const earlier = await this.store.byBill(hospitalId, body.billNo);
    if (earlier) return replay(earlier, hash);
    const at = ctx.clock.now();
    const checkIn = await this.openCheckIn(hospitalId, body.checkInId, at);
    const patientId = checkIn.personId;
    const settlementId = newId('s_');

    const gathered = await this.gather(patientId, body);
    let queued = false;
    const done = await ctx.db.transaction(async (tx) => {
      const claimed = await this.store.claim(tx, {
        settlementId,
        hospitalId,
        billNo: body.billNo,
        bodyHash: hash,
        checkInId: body.checkInId,
        patientPersonId: patientId,
        patientMaskedName: gathered.patientMaskedName,
        totalFen: body.totalFen,
        compliantFen: body.compliantFen,
        fundYear: shanghaiDate(at).year,
        at,
      });
      if (!claimed) return null;
      const plan = await this.plan(gathered, body, at, tx);
      const { split } = plan;
      await this.move(tx, plan.idNumbers, settlementMovements(patientId, split), settlementId);
      if (split.deductibleAppliedFen > 0 || split.fundFen > 0) {
        const next = countersAfter(countersFor(plan.recorded, at), split);
        await ctx.upstream.setOutpatientCounters(tx, plan.patient.citizen.idNumber, { year: plan.year, ...next });
      }
      await appendLedger(tx, at, ledgerLines(patientId, plan.patientMaskedName, split, plan.family, settlementId, hospitalId, false));
      await this.store.complete(tx, settlementId, {
        deductibleAppliedFen: split.deductibleAppliedFen,
        fundFen: split.fundFen,
        ownCurrentFen: split.ownAccount.currentFen,
        ownHistoricalFen: split.ownAccount.historicalFen,
        family: plan.family,
        cashFen: split.cashFen,
      });
      // 共济支付: each organizer whose 历年结余 paid a part is told (API.md WeChat, Messages)
      for (const f of plan.family) {
        const message = familyPaymentMessage('共济支付', [plan.patientMaskedName], f.historicalFen, at, 'pages/statement/index');
        const eventKey = `FAMILY_PAYMENT:settlement:${settlementId}:${f.organizerPersonId}`;
        if (await enqueueMessage(tx, ctx, { eventKey, kind: 'FAMILY_PAYMENT', to: { personId: f.organizerPersonId }, ...message })) queued = true;
      }
      return plan;
    });
    if (queued) ctx.outbox.nudge();
    if (!done) {
      const twin = await this.store.byBill(hospitalId, body.billNo);
      if (twin) return replay(twin, hash);
      throw new AppError(409, 'BILL_NO_REUSED');
    }
    ctx.logger.info({ settlementId, hospitalId, totalFen: body.totalFen }, 'settlement made');
    return settlementView({
      settlementId,
      hospitalId,
      billNo: body.billNo,
      checkInId: body.checkInId,
      patientPersonId: patientId,
      patientMaskedName: done.patientMaskedName,
      status: 'SETTLED',
      totalFen: done.split.totalFen,
      compliantFen: done.split.compliantFen,
      deductibleAppliedFen: done.split.deductibleAppliedFen,
      fundFen: done.split.fundFen,
      ownCurrentFen: done.split.ownAccount.currentFen,
      ownHistoricalFen: done.split.ownAccount.historicalFen,
      family: done.family,
      cashFen: done.split.cashFen,
      settledAt: at,
      refundedAt: null,
    });
  }

  /**
   * POST /hospital/settlements/{id}/refund (P-SET-6): within 24 hours, every fen back to the
   * bucket it came from and the counters of the settlement's year restored, once (the status
   * moves from SETTLED to REFUNDED under the row's lock); a repeat answers the refunded settlement.
   */
  async refund(hospitalId: string, settlementId: string): Promise<SettlementView> {
    const { ctx } = this;
    const row = await this.store.get(settlementId);
    if (!row || row.hospitalId !== hospitalId) throw notFound();
    if (row.status === 'REFUNDED') return settlementView(row);
    const at = ctx.clock.now();
    if (!refundOpen(row.settledAt, at)) throw new AppError(422, 'REFUND_WINDOW_CLOSED');

    // the people whose money moved, resolved before the transaction (its connection does the rest)
    const idNumbers = new Map<string, string>();
    for (const id of new Set([row.patientPersonId, ...row.family.map((f) => f.organizerPersonId)])) {
      const n = await ctx.people.idNumberOf(id);
      if (!n) throw new Error('a settled person is no longer known');
      idNumbers.set(id, n);
    }
    let queued = false;
    const done = await ctx.db.transaction(async (tx) => {
      const refunded = await this.store.markRefunded(tx, settlementId, at);
      if (!refunded) return null;
      const split = splitOf(refunded);
      const movements = settlementMovements(refunded.patientPersonId, split, true);
      const accounts = [...new Set(movements.map((m) => idNumbers.get(m.personId)!))];
      if (accounts.length) await ctx.upstream.lockAccounts(tx, accounts);
      await this.move(tx, idNumbers, movements, `${settlementId}:refund`);
      if (refunded.deductibleAppliedFen > 0 || refunded.fundFen > 0) {
        const patientIdNumber = idNumbers.get(refunded.patientPersonId)!;
        const recorded = await ctx.upstream.outpatientCounters(patientIdNumber, tx, true);
        // a refund in a later year leaves that year's counters alone
        if (recorded.year === refunded.fundYear) {
          await ctx.upstream.setOutpatientCounters(tx, patientIdNumber, { year: recorded.year, ...countersAfter(recorded, split, -1) });
        }
      }
      await appendLedger(tx, at, ledgerLines(refunded.patientPersonId, refunded.patientMaskedName, split, refunded.family, settlementId, hospitalId, true));
      // REFUND to everyone whose account the money goes back to (API.md WeChat, Messages)
      const back = new Map<string, number>();
      const own = refunded.ownCurrentFen + refunded.ownHistoricalFen;
      if (own > 0) back.set(refunded.patientPersonId, own);
      for (const f of refunded.family) back.set(f.organizerPersonId, (back.get(f.organizerPersonId) ?? 0) + f.historicalFen);
      for (const [personId, fen] of back) {
        const message = refundMessage(`${this.hospitalName(hospitalId)}退费`, fen, at, 'pages/statement/index');
        if (await enqueueMessage(tx, ctx, { eventKey: `REFUND:${settlementId}:${personId}`, kind: 'REFUND', to: { personId }, ...message })) queued = true;
      }
      return refunded;
    });
    if (queued) ctx.outbox.nudge();
    if (done) {
      ctx.logger.info({ settlementId, hospitalId }, 'settlement refunded');
      return settlementView(done);
    }
    const now = await this.store.get(settlementId);
    return settlementView(now!);
  }

  /** Debits (or, for a refund, credits) each person's buckets: one call per person. */
  private async move(tx: Db, idNumbers: Map<string, string>, movements: ReturnType<typeof settlementMovements>, reference: string): Promise<void> {
    const perPerson = new Map<string, AccountBalance>();
    for (const m of movements) {
      const b = perPerson.get(m.personId) ?? { historicalFen: 0, currentFen: 0 };
      if (m.bucket === 'HISTORICAL') b.historicalFen += Math.abs(m.amountFen);
      else b.currentFen += Math.abs(m.amountFen);
      perPerson.set(m.personId, b);
    }
    const credit = movements.some((m) => m.amountFen > 0);
    for (const [personId, amount] of perPerson) {
      const idNumber = idNumbers.get(personId)!;
      if (credit) await this.ctx.upstream.creditAccount(tx, idNumber, amount, reference);
      else await this.ctx.upstream.debitAccount(tx, idNumber, amount, reference);
    }
  }

  private hospitalName(hospitalId: string): string {
    return this.ctx.upstream.catalog().hospitals.find((h) => h.hospitalId === hospitalId)?.name ?? hospitalId;
  }

  /** GET /hospital/settlements?since: the hospital's own, newest first. */
  async ofHospital(hospitalId: string, since: string | undefined): Promise<SettlementView[]> {
    const rows = await this.store.ofHospital(hospitalId, since ? new Date(since) : new Date(0), LIST_LIMIT);
    return rows.map(settlementView);
  }

  /** GET /settlements (P-SET-7): bills where the caller was the patient or paid a family part. */
  async ofCitizen(personId: string): Promise<CitizenSettlementView[]> {
    const rows = await this.store.ofCitizen(personId, LIST_LIMIT);
    return rows.map((r) => ({ ...settlementView(r), hospital: this.hospitalRef(r.hospitalId) }));
  }

  /** GET /qrcodes/current (#14 finding 7): the bills of the check-in a code made, oldest first. */
  async ofCheckIn(patientPersonId: string, checkInId: string): Promise<CitizenSettlementView[]> {
    const rows = await this.store.ofCheckIn(patientPersonId, checkInId, LIST_LIMIT);
    return rows.map((r) => ({ ...settlementView(r), hospital: this.hospitalRef(r.hospitalId) }));
  }

  hospitalRef(hospitalId: string): { hospitalId: string; name: string } {
    return { hospitalId, name: this.hospitalName(hospitalId) };
  }

  /** GET /account/ledger (P-SET-7): newest first, keyset paging on (at, seq). */
  async ledger(personId: string, limit: number, before: string | undefined): Promise<LedgerView> {
    let cursor: { at: Date; seq: number } | undefined;
    if (before !== undefined) {
      const m = /^(\d{1,15})_(\d{1,18})$/.exec(before);
      if (!m) {
        throw new AppError(400, 'VALIDATION_FAILED', { reasons: [{ code: 'FIELD_INVALID', field: 'before', message: '分页位置格式不正确' }] });
      }
      cursor = { at: new Date(Number(m[1])), seq: Number(m[2]) };
    }
    const rows = await this.store.ledger(personId, limit + 1, cursor);
    const page = rows.slice(0, limit);
    const entries = page.map((r) => {
      const e: LedgerView['entries'][number] = { entryId: r.entryId, at: toShanghaiIso(r.at), kind: r.kind, amountFen: r.amountFen, bucket: r.bucket };
      if (r.orderId) e.orderId = r.orderId;
      if (r.settlementId) e.settlementId = r.settlementId;
      if (r.hospitalId) e.hospital = this.hospitalRef(r.hospitalId);
      if (r.subject) e.person = r.subject;
      return e;
    });
    const last = page[page.length - 1];
    return rows.length > limit && last ? { entries, nextBefore: `${last.at.getTime()}_${last.seq}` } : { entries };
  }
}

/** The stored first answer for this bill number; another body is 409 BILL_NO_REUSED (P-SET-1). */
function replay(row: SettlementRow, hash: string): SettlementView {
  if (row.bodyHash !== hash) throw new AppError(409, 'BILL_NO_REUSED');
  // the first result, as it was answered (a later refund shows in the list and on refund)
  return settlementView({ ...row, status: 'SETTLED', refundedAt: null });
}

function splitOf(row: SettlementRow): SettlementSplit {
  return {
    totalFen: row.totalFen,
    compliantFen: row.compliantFen,
    deductibleAppliedFen: row.deductibleAppliedFen,
    fundFen: row.fundFen,
    ownAccount: { currentFen: row.ownCurrentFen, historicalFen: row.ownHistoricalFen },
    family: row.family.map((f) => ({ memberId: f.memberId, organizerPersonId: f.organizerPersonId, historicalFen: f.historicalFen })),
    cashFen: row.cashFen,
  };
}

function splitView(checkInId: string, patient: { personId: string; maskedName: string }, split: SettlementSplit, family: FamilyPaid[]): SplitView {
  return {
    checkInId,
    patient,
    totalFen: split.totalFen,
    compliantFen: split.compliantFen,
    deductibleAppliedFen: split.deductibleAppliedFen,
    fundFen: split.fundFen,
    ownAccount: { currentFen: split.ownAccount.currentFen, historicalFen: split.ownAccount.historicalFen },
    family: family.map((f) => ({ memberId: f.memberId, organizer: { maskedName: f.organizerMaskedName }, historicalFen: f.historicalFen })),
    cashFen: split.cashFen,
  };
}

function settlementView(row: Omit<SettlementRow, 'bodyHash' | 'fundYear'>): SettlementView {
  const view: SettlementView = {
    ...splitView(row.checkInId, { personId: row.patientPersonId, maskedName: row.patientMaskedName }, splitOf({ ...row, bodyHash: '', fundYear: 0 }), row.family),
    settlementId: row.settlementId,
    billNo: row.billNo,
    status: row.status as SettlementView['status'],
    settledAt: toShanghaiIso(row.settledAt),
  };
  if (row.refundedAt) view.refundedAt = toShanghaiIso(row.refundedAt);
  return view;
}

/** P-SET-7: one ledger line per bucket movement (settlementMovements), with the hospital and, for family parts, the member. */
function ledgerLines(
  patientId: string,
  patientMaskedName: string,
  split: SettlementSplit,
  family: FamilyPaid[],
  settlementId: string,
  hospitalId: string,
  refund: boolean,
): LedgerLine[] {
  const relationOf = new Map(family.map((f) => [f.organizerPersonId, f.relation as Relation]));
  return settlementMovements(patientId, split, refund).map((m) => ({
    personId: m.personId,
    kind: m.kind,
    bucket: m.bucket,
    amountFen: m.amountFen,
    settlementId,
    hospitalId,
    subject: m.personId === patientId ? null : { personId: patientId, maskedName: patientMaskedName, relation: relationOf.get(m.personId)! },
  }));
}
