import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { AccountBalance, INVERSE_RELATION, OutpatientCounters, parseWorld, Relation, threeFactorsMatch, World } from '@yibao/shared';
import { and, eq, or, sql } from 'drizzle-orm';
import type { Clock } from '../../clock';
import type { Db } from '../../db/client';
import { param as p, statement } from '../../db/statement';
import { sbCitizens, sbEnrolments, sbLedger, sbMeta, sbOutpatient, sbRelations } from '../../db/schema';
import type { Pii } from '../../crypto/pii';
import { Catalog, Upstream, UpstreamCitizen, UpstreamError } from '../types';
import demoWorld from './demo-world.json';

export class WorldFileError extends Error {}

/** Reads and validates a world file (shared's worldSchema); the message names the bad field. */
export function readWorld(file: string | undefined): World {
  let raw: unknown = demoWorld;
  const source = file ?? 'the built-in demo world';
  if (file) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      throw new WorldFileError(`SANDBOX_FIXTURES: cannot read ${file}: ${(err as Error).message}`);
    }
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new WorldFileError(`SANDBOX_FIXTURES: ${file} is not valid JSON: ${(err as Error).message}`);
    }
  }
  return validateWorld(raw, source);
}

export function validateWorld(raw: unknown, source = 'world'): World {
  const parsed = parseWorld(raw);
  if (!parsed.ok) throw new WorldFileError(`SANDBOX_FIXTURES: ${source} is not a valid world file:\n  ${parsed.problems.join('\n  ')}`);
  return parsed.world;
}

const WORLD_LOCK = 7_301_2027;

/** The balance of a personal account, its row locked until the transaction ends (P-PAY-8: no overdraw). */
const LOCK_ACCOUNT = statement<{ has_account: boolean; historical_fen: string; current_fen: string }>(
  'sandbox_lock_account',
  sql`select has_account, historical_fen::text, current_fen::text from ${sbCitizens} where id_hash = ${p('idHash')} for update`,
);

/** A debit of a personal account and its ledger line; nothing when the balance does not cover it. */
const DEBIT = statement<{ id_hash: string }>(
  'sandbox_debit',
  sql`with debited as (
      update ${sbCitizens} set historical_fen = historical_fen - ${p('historicalFen')}::int8, current_fen = current_fen - ${p('currentFen')}::int8
      where id_hash = ${p('idHash')} and has_account and historical_fen >= ${p('historicalFen')}::int8 and current_fen >= ${p('currentFen')}::int8
      returning id_hash
    )
    insert into ${sbLedger} (id_hash, reference, historical_fen, current_fen, at)
    select id_hash, ${p('reference')}, -(${p('historicalFen')}::int8), -(${p('currentFen')}::int8), ${p('at')}::timestamptz from debited
    returning id_hash`,
);

/**
 * Several accounts locked in one statement, in id_hash order (LockRows sits above the Sort, so the
 * rows are locked in that order): transactions locking overlapping sets never wait on each other
 * in a cycle.
 */
const LOCK_ACCOUNTS = statement<{ id_hash: string; has_account: boolean; historical_fen: string; current_fen: string }>(
  'sandbox_lock_accounts',
  sql`select id_hash, has_account, historical_fen::text, current_fen::text from ${sbCitizens}
    where id_hash = any(${p('idHashes')}::text[]) order by id_hash for update`,
);

/** A credit (refund) of a personal account and its ledger line. */
const CREDIT = statement<{ id_hash: string }>(
  'sandbox_credit',
  sql`with credited as (
      update ${sbCitizens} set historical_fen = historical_fen + ${p('historicalFen')}::int8, current_fen = current_fen + ${p('currentFen')}::int8
      where id_hash = ${p('idHash')} and has_account
      returning id_hash
    )
    insert into ${sbLedger} (id_hash, reference, historical_fen, current_fen, at)
    select id_hash, ${p('reference')}, ${p('historicalFen')}::int8, ${p('currentFen')}::int8, ${p('at')}::timestamptz from credited
    returning id_hash`,
);

const COUNTERS = statement<{ year: number; deductible_met_fen: string; fund_paid_fen: string }>(
  'sandbox_outpatient',
  sql`select year, deductible_met_fen::text, fund_paid_fen::text from ${sbOutpatient} where id_hash = ${p('idHash')}`,
);
const LOCK_COUNTERS = statement<{ year: number; deductible_met_fen: string; fund_paid_fen: string }>(
  'sandbox_lock_outpatient',
  sql`select year, deductible_met_fen::text, fund_paid_fen::text from ${sbOutpatient} where id_hash = ${p('idHash')} for update`,
);
const SET_COUNTERS = statement<{ id_hash: string }>(
  'sandbox_set_outpatient',
  sql`insert into ${sbOutpatient} (id_hash, year, deductible_met_fen, fund_paid_fen)
    values (${p('idHash')}, ${p('year')}::int, ${p('deductibleMetFen')}::int8, ${p('fundPaidFen')}::int8)
    on conflict (id_hash) do update set year = excluded.year, deductible_met_fen = excluded.deductible_met_fen, fund_paid_fen = excluded.fund_paid_fen
    returning id_hash`,
);

/**
 * The sandbox insurance core: the world file's citizens and registry relations live in its own
 * tables (ID numbers and phones sealed, looked up by keyed hash); money moves in real
 * transactions with the account row locked.
 */
export class SandboxUpstream implements Upstream {
  private readonly cat: Catalog;
  /**
   * Person lookups run on most calls: built once, named prepared statements on PostgreSQL. One
   * person by `=`, several by `= any($1)` (an array parameter costs PGlite more than `=`).
   */
  private readonly citizenByHash;
  private readonly citizensByHash;

  private constructor(
    private readonly db: Db,
    private readonly pii: Pii,
    private readonly clock: Clock,
    world: World,
  ) {
    this.cat = {
      products: world.products,
      hospitals: world.hospitals,
      familyPolicy: world.familyPolicy,
      maintenance: world.maintenance,
      outpatient: world.outpatient,
    };
    this.citizenByHash = db.select().from(sbCitizens).where(eq(sbCitizens.idHash, sql.placeholder('idHash'))).prepare('sb_citizen_by_hash');
    this.citizensByHash = db
      .select()
      .from(sbCitizens)
      .where(sql`${sbCitizens.idHash} = any(${sql.placeholder('idHashes')})`)
      .prepare('sb_citizens_by_hash');
  }

  /**
   * Loads the world into the sandbox tables, unless this very world is already loaded (so
   * balances survive a restart). Serialised across processes by an advisory lock.
   */
  static async start(db: Db, pii: Pii, clock: Clock, world: World): Promise<SandboxUpstream> {
    // the keys are part of the digest: rows sealed under other keys are reloaded, not misread
    const digest = crypto.createHash('sha256').update(JSON.stringify(world)).update(pii.hash('id', 'key-fingerprint')).digest('hex');
    await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${WORLD_LOCK})`);
      const [meta] = await tx.select().from(sbMeta).where(eq(sbMeta.key, 'world'));
      if (meta?.value === digest) return;
      await tx.delete(sbCitizens);
      await tx.delete(sbRelations);
      await tx.delete(sbLedger);
      await tx.delete(sbEnrolments);
      await tx.delete(sbOutpatient);
      const rows = world.citizens.map((c) => {
        const id = c.idNumber.toUpperCase();
        const account = c.insurance.account;
        return {
          idHash: pii.hash('id', id),
          idSealed: pii.encrypt(id),
          name: c.name,
          phoneHash: pii.hash('phone', c.phone),
          phoneSealed: pii.encrypt(c.phone),
          scheme: c.insurance.scheme,
          status: c.insurance.status,
          region: c.insurance.region,
          hasAccount: !!account,
          historicalFen: account?.historicalFen ?? 0,
          currentFen: account?.currentFen ?? 0,
          paidYears: [...c.insurance.paidYears].sort((a, b) => a - b),
          student: c.insurance.student,
          assistance: c.insurance.assistance,
        };
      });
      for (let i = 0; i < rows.length; i += 500) await tx.insert(sbCitizens).values(rows.slice(i, i + 500));
      // P-SET-2: one counter row per citizen (absent in the world file: nothing counted, year 0)
      const counters = world.citizens.map((c) => ({
        idHash: pii.hash('id', c.idNumber.toUpperCase()),
        year: c.insurance.outpatient?.year ?? 0,
        deductibleMetFen: c.insurance.outpatient?.deductibleMetFen ?? 0,
        fundPaidFen: c.insurance.outpatient?.fundPaidFen ?? 0,
      }));
      for (let i = 0; i < counters.length; i += 500) await tx.insert(sbOutpatient).values(counters.slice(i, i + 500)).onConflictDoNothing();
      const relations = world.relations.map((r) => ({
        personHash: pii.hash('id', r.person.toUpperCase()),
        relativeHash: pii.hash('id', r.relative.toUpperCase()),
        relation: r.relation,
      }));
      for (let i = 0; i < relations.length; i += 500) await tx.insert(sbRelations).values(relations.slice(i, i + 500)).onConflictDoNothing();
      await tx.insert(sbMeta).values({ key: 'world', value: digest }).onConflictDoUpdate({ target: sbMeta.key, set: { value: digest } });
    });
    return new SandboxUpstream(db, pii, clock, world);
  }

  /** Over a database where `start` has already loaded this world (the workers of WEB_CONCURRENCY). */
  static attach(db: Db, pii: Pii, clock: Clock, world: World): SandboxUpstream {
    return new SandboxUpstream(db, pii, clock, world);
  }

  catalog(): Catalog {
    return this.cat;
  }

  async findPerson(idNumber: string, uow?: Db): Promise<UpstreamCitizen | null> {
    const idHash = this.pii.hash('id', idNumber.toUpperCase());
    const [row] = uow
      ? await uow.select().from(sbCitizens).where(eq(sbCitizens.idHash, idHash))
      : await this.citizenByHash.execute({ idHash });
    return row ? this.citizen(row, idNumber.toUpperCase()) : null;
  }

  /** Keyed by the ID number as asked (upper-cased). */
  async findPersons(idNumbers: readonly string[]): Promise<Map<string, UpstreamCitizen>> {
    const byHash = new Map(idNumbers.map((id) => [this.pii.hash('id', id.toUpperCase()), id.toUpperCase()]));
    const out = new Map<string, UpstreamCitizen>();
    if (byHash.size === 0) return out;
    const hashes = [...byHash.keys()];
    const rows = hashes.length === 1 ? await this.citizenByHash.execute({ idHash: hashes[0] }) : await this.citizensByHash.execute({ idHashes: hashes });
    for (const row of rows) {
      const idNumber = byHash.get(row.idHash)!;
      out.set(idNumber, this.citizen(row, idNumber));
    }
    return out;
  }

  /** A row found by the keyed hash of `idNumber` (so the sealed copy need not be opened). */
  private citizen(row: typeof sbCitizens.$inferSelect, idNumber: string): UpstreamCitizen {
    const { pii } = this;
    let phone: string | undefined;
    return {
      idNumber,
      name: row.name,
      // opened when asked for (verification, GET /me): most reads never need it
      get phone() {
        return (phone ??= pii.decrypt(row.phoneSealed));
      },
      insurance: {
        scheme: row.scheme as UpstreamCitizen['insurance']['scheme'],
        status: row.status as UpstreamCitizen['insurance']['status'],
        region: row.region,
        account: row.hasAccount ? { historicalFen: row.historicalFen, currentFen: row.currentFen } : null,
        paidYears: row.paidYears,
        student: row.student,
        assistance: row.assistance as UpstreamCitizen['insurance']['assistance'],
      },
    };
  }

  async checkThreeFactors(claim: { name: string; idNumber: string; phone: string }): Promise<boolean> {
    const person = await this.findPerson(claim.idNumber);
    return !!person && threeFactorsMatch(person, claim);
  }

  async registryRelation(person: string, relative: string): Promise<Relation | null> {
    const a = this.pii.hash('id', person.toUpperCase());
    const b = this.pii.hash('id', relative.toUpperCase());
    const rows = await this.db
      .select()
      .from(sbRelations)
      .where(
        or(
          and(eq(sbRelations.personHash, a), eq(sbRelations.relativeHash, b)),
          and(eq(sbRelations.personHash, b), eq(sbRelations.relativeHash, a)),
        ),
      );
    for (const r of rows) if (r.personHash === a) return r.relation as Relation;
    for (const r of rows) if (r.personHash === b) return INVERSE_RELATION[r.relation as Relation];
    return null;
  }

  async lockAccount(uow: Db, idNumber: string): Promise<AccountBalance | null> {
    const [row] = await LOCK_ACCOUNT.run(uow, { idHash: this.pii.hash('id', idNumber.toUpperCase()) });
    if (!row || !row.has_account) return null;
    return { historicalFen: Number(row.historical_fen), currentFen: Number(row.current_fen) };
  }

  /** Debits the account and writes its ledger line in one statement (one round trip inside the order's transaction). */
  async debitAccount(uow: Db, idNumber: string, debit: AccountBalance, reference: string): Promise<void> {
    const idHash = this.pii.hash('id', idNumber.toUpperCase());
    if (debit.historicalFen < 0 || debit.currentFen < 0) throw new UpstreamError('negative debit');
    const written = await DEBIT.run(uow, { idHash, historicalFen: debit.historicalFen, currentFen: debit.currentFen, reference, at: this.clock.now().toISOString() });
    if (written.length !== 1) throw new UpstreamError('insufficient balance');
  }

  async lockAccounts(uow: Db, idNumbers: readonly string[]): Promise<Map<string, AccountBalance | null>> {
    const byHash = new Map(idNumbers.map((id) => [this.pii.hash('id', id.toUpperCase()), id.toUpperCase()]));
    const out = new Map<string, AccountBalance | null>();
    if (byHash.size === 0) return out;
    const rows = await LOCK_ACCOUNTS.run(uow, { idHashes: [...byHash.keys()].sort() });
    for (const row of rows) {
      out.set(byHash.get(row.id_hash)!, row.has_account ? { historicalFen: Number(row.historical_fen), currentFen: Number(row.current_fen) } : null);
    }
    return out;
  }

  async creditAccount(uow: Db, idNumber: string, credit: AccountBalance, reference: string): Promise<void> {
    const idHash = this.pii.hash('id', idNumber.toUpperCase());
    if (credit.historicalFen < 0 || credit.currentFen < 0) throw new UpstreamError('negative credit');
    const written = await CREDIT.run(uow, { idHash, historicalFen: credit.historicalFen, currentFen: credit.currentFen, reference, at: this.clock.now().toISOString() });
    if (written.length !== 1) throw new UpstreamError('no account');
  }

  async outpatientCounters(idNumber: string, uow?: Db, lock = false): Promise<OutpatientCounters> {
    const idHash = this.pii.hash('id', idNumber.toUpperCase());
    const [row] = await (lock ? LOCK_COUNTERS : COUNTERS).run(uow ?? this.db, { idHash });
    return row ? { year: row.year, deductibleMetFen: Number(row.deductible_met_fen), fundPaidFen: Number(row.fund_paid_fen) } : { year: 0, deductibleMetFen: 0, fundPaidFen: 0 };
  }

  async setOutpatientCounters(uow: Db, idNumber: string, counters: OutpatientCounters): Promise<void> {
    const idHash = this.pii.hash('id', idNumber.toUpperCase());
    if (counters.deductibleMetFen < 0 || counters.fundPaidFen < 0) throw new UpstreamError('negative counter');
    await SET_COUNTERS.run(uow, { idHash, ...counters });
  }

  async enrolResident(uow: Db, idNumber: string, productId: string, year: number, reference: string): Promise<void> {
    const idHash = this.pii.hash('id', idNumber.toUpperCase());
    const [row] = await uow.select({ paidYears: sbCitizens.paidYears }).from(sbCitizens).where(eq(sbCitizens.idHash, idHash)).for('update');
    if (!row) throw new UpstreamError('unknown person');
    await uow.insert(sbEnrolments).values({ idHash, year, productId, reference, at: this.clock.now() });
    const paidYears = [...new Set([...row.paidYears, year])].sort((a, b) => a - b);
    await uow.update(sbCitizens).set({ paidYears }).where(eq(sbCitizens.idHash, idHash));
  }
}
