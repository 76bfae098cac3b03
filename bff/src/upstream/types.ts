import type { AccountBalance, FamilyPolicy, InsuranceRecord, MaintenanceWindow, OutpatientCounters, OutpatientPolicy, Product, Relation, World } from '@yibao/shared';
import type { Db } from '../db/client';

/** A person as the insurance core knows them. Never leaves the BFF unmasked. */
export interface UpstreamCitizen {
  idNumber: string;
  name: string;
  phone: string;
  insurance: InsuranceRecord;
}

export type Hospital = World['hospitals'][number];

/** Configuration the platform publishes: products, hospitals, family policy, maintenance. */
export interface Catalog {
  products: Product[];
  hospitals: Hospital[];
  familyPolicy: FamilyPolicy;
  maintenance: MaintenanceWindow[];
  /** P-SET-2: the pooling fund per scheme. */
  outpatient: OutpatientPolicy;
}

/**
 * The insurance core (医保核心). Routes and services only see this interface; the sandbox
 * implements it over its own tables, a real platform adapter can replace it.
 *
 * Methods taking `uow` join the caller's database transaction where the implementation
 * shares the database (the sandbox); a remote adapter ignores it and relies on `reference`
 * for idempotency.
 */
export interface Upstream {
  catalog(): Catalog;
  /** Person lookup by ID number: identity, insurance record and balances; null when unknown. */
  findPerson(idNumber: string, uow?: Db): Promise<UpstreamCitizen | null>;
  /** The same for several people at once (one round trip); unknown ones are left out of the map. */
  findPersons(idNumbers: readonly string[]): Promise<Map<string, UpstreamCitizen>>;
  /** P-ID-2 three-factor check (name + ID number + phone). */
  checkThreeFactors(claim: { name: string; idNumber: string; phone: string }): Promise<boolean>;
  /** Registry (户口本): what `relative` is to `person`; null when the registry knows nothing. */
  registryRelation(person: string, relative: string): Promise<Relation | null>;
  /** Locks the personal account row until the end of `uow` and reads it; null without an account. */
  lockAccount(uow: Db, idNumber: string): Promise<AccountBalance | null>;
  /** Debits the personal account (all or nothing); refuses to overdraw. */
  debitAccount(uow: Db, idNumber: string, debit: AccountBalance, reference: string): Promise<void>;
  /**
   * Locks several personal accounts until the end of `uow`, in one stable order (so that two
   * transactions locking overlapping sets never deadlock), and reads them; keyed by ID number as
   * asked (upper-cased), null without an account.
   */
  lockAccounts(uow: Db, idNumbers: readonly string[]): Promise<Map<string, AccountBalance | null>>;
  /** Puts money back into an account (a refund); `reference` is unique per account. */
  creditAccount(uow: Db, idNumber: string, credit: AccountBalance, reference: string): Promise<void>;
  /**
   * P-SET-2: the pooling fund's counters of a person as recorded (any year: see countersFor);
   * with `lock` inside `uow`, the row stays locked until the end of it (take account locks first).
   */
  outpatientCounters(idNumber: string, uow?: Db, lock?: boolean): Promise<OutpatientCounters>;
  /** P-SET-4: sets a person's counters (inside the settlement's or refund's transaction). */
  setOutpatientCounters(uow: Db, idNumber: string, counters: OutpatientCounters): Promise<void>;
  /** Records a resident premium as paid for `year` (enrolment). */
  enrolResident(uow: Db, idNumber: string, productId: string, year: number, reference: string): Promise<void>;
}

export class UpstreamError extends Error {}
