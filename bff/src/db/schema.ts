import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * One schema for both engines (PGlite and PostgreSQL). No foreign keys or enums, so the
 * generated SQL carries no schema name and a test run can live in its own schema.
 * Money is integer fen. ID numbers and phones are never stored in clear.
 */
const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const fen = (name: string) => bigint(name, { mode: 'number' });

// ---------- BFF ----------

export const users = pgTable('users', {
  userId: text('user_id').primaryKey(),
  /** The WeChat openid's keyed digest (Pii.hash 'openid'): a dump of the table names nobody's WeChat account. */
  openid: text('openid').notNull().unique(),
  /** The openid itself, sealed (AES-GCM), only to address subscription messages (`touser`). */
  openidSealed: text('openid_sealed'),
  /** The verified identity (P-ID-5: unique, one user per identity). */
  personId: text('person_id').unique(),
  verifiedAt: at('verified_at'),
  createdAt: at('created_at').notNull(),
});

/** Opaque person ids of the API, mapped to the upstream's ID number (sealed + keyed hash). */
export const persons = pgTable('persons', {
  personId: text('person_id').primaryKey(),
  idHash: text('id_hash').notNull().unique(),
  idSealed: text('id_sealed').notNull(),
  createdAt: at('created_at').notNull(),
});

/** One-time refresh tokens: only a digest is kept; rotation within a family. */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    familyId: text('family_id').notNull(),
    userId: text('user_id').notNull(),
    expiresAt: at('expires_at').notNull(),
    usedAt: at('used_at'),
    revokedAt: at('revoked_at'),
    createdAt: at('created_at').notNull(),
  },
  (t) => [index('refresh_tokens_family_idx').on(t.familyId)],
);

/**
 * Token families revoked (a refresh token reused, a logout), with the database's own time, so
 * that every process reloads the recent ones and refuses their access tokens (see Revocations).
 */
export const revokedFamilies = pgTable(
  'revoked_families',
  {
    familyId: text('family_id').primaryKey(),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('revoked_families_at_idx').on(t.revokedAt)],
);

/** Attempts counted for rate limits and the P-ID-6 lock, shared by every BFF process. */
export const rateEvents = pgTable(
  'rate_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    bucket: text('bucket').notNull(),
    at: at('at').notNull(),
  },
  (t) => [index('rate_events_bucket_at_idx').on(t.bucket, t.at)],
);

/** Family network bindings (P-FAM). `relation` is what the member is to the organizer. */
export const bindings = pgTable(
  'bindings',
  {
    memberId: text('member_id').primaryKey(),
    organizerPersonId: text('organizer_person_id').notNull(),
    memberPersonId: text('member_person_id').notNull(),
    relation: text('relation').notNull(),
    /** PENDING_CONSENT | ACTIVE | DECLINED | REMOVED */
    status: text('status').notNull(),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [
    index('bindings_organizer_idx').on(t.organizerPersonId),
    index('bindings_member_idx').on(t.memberPersonId),
    uniqueIndex('bindings_live_pair_idx')
      .on(t.organizerPersonId, t.memberPersonId)
      .where(sql`${t.status} in ('PENDING_CONSENT', 'ACTIVE')`),
  ],
);

export const familyModes = pgTable('family_modes', {
  organizerPersonId: text('organizer_person_id').primaryKey(),
  pay: boolean('pay').notNull(),
  premium: boolean('premium').notNull(),
  updatedAt: at('updated_at').notNull(),
});

/** Idempotency keys per user, with a digest of the body and the stored answer. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    userId: text('user_id').notNull(),
    key: text('key').notNull(),
    bodyHash: text('body_hash').notNull(),
    orderId: text('order_id'),
    responseStatus: integer('response_status'),
    responseBody: jsonb('response_body'),
    createdAt: at('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] })],
);

export const orders = pgTable(
  'orders',
  {
    orderId: text('order_id').primaryKey(),
    userId: text('user_id').notNull(),
    payerPersonId: text('payer_person_id').notNull(),
    productId: text('product_id').notNull(),
    payMethod: text('pay_method').notNull(),
    /** PAID | AWAITING_PAYMENT | CANCELLED (EXPIRED is computed on read: SELF_PAY_TTL_MINUTES) */
    status: text('status').notNull(),
    totalFen: fen('total_fen').notNull(),
    debitHistoricalFen: fen('debit_historical_fen'),
    debitCurrentFen: fen('debit_current_fen'),
    createdAt: at('created_at').notNull(),
    /** SELF_PAY: when the cashier confirmed the payment (#14). */
    paidAt: at('paid_at'),
    /** SELF_PAY: the cashier's payment reference (sandbox `sbx_…`, or WeChat Pay's transaction id). */
    paymentRef: text('payment_ref'),
    /** When the order was cancelled (by its owner, or because another paid order now covers its people). */
    cancelledAt: at('cancelled_at'),
  },
  (t) => [index('orders_user_idx').on(t.userId, t.createdAt)],
);

export const orderItems = pgTable(
  'order_items',
  {
    orderId: text('order_id').notNull(),
    position: integer('position').notNull(),
    personId: text('person_id').notNull(),
    amountFen: fen('amount_fen').notNull(),
    category: text('category').notNull(),
    coverFrom: text('cover_from').notNull(),
    waitingMonths: integer('waiting_months').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.position] })],
);

/** P-PAY-7: a person is insured at most once per product (one product = one year). */
export const enrolments = pgTable(
  'enrolments',
  {
    productId: text('product_id').notNull(),
    personId: text('person_id').notNull(),
    orderId: text('order_id').notNull(),
    createdAt: at('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.productId, t.personId] })],
);

/**
 * P-QR-1: e-voucher tokens, kept by keyed digest only (HMAC-SHA256; the token itself is never
 * stored), with the person the code names, who fetched it and through which binding (P-QR-3:
 * `memberId`, null for the caller's own code), its expiry and its one redemption (P-QR-2).
 */
export const qrTokens = pgTable(
  'qr_tokens',
  {
    digest: text('digest').primaryKey(),
    personId: text('person_id').notNull(),
    userId: text('user_id').notNull(),
    memberId: text('member_id'),
    expiresAt: at('expires_at').notNull(),
    usedAt: at('used_at'),
    createdAt: at('created_at').notNull(),
  },
  // user_person: GET /qrcodes/current (#14 finding 7), asked about once a second while a code is shown
  (t) => [index('qr_tokens_expires_idx').on(t.expiresAt), index('qr_tokens_user_person_idx').on(t.userId, t.personId, t.createdAt)],
);

/** P-QR-2: one row per redeemed token (`qr_jti`: the token's digest, unique: a token is redeemed once, across processes). */
export const checkIns = pgTable(
  'check_ins',
  {
    checkInId: text('check_in_id').primaryKey(),
    qrJti: text('qr_jti').notNull().unique(),
    personId: text('person_id').notNull(),
    hospitalId: text('hospital_id').notNull(),
    department: text('department'),
    checkedInAt: at('checked_in_at').notNull(),
  },
  (t) => [index('check_ins_person_idx').on(t.personId)],
);

/**
 * P-SET-1..6: counter settlements. `(hospital_id, bill_no)` is unique: two processes racing on one
 * bill number make one settlement. `body_hash` is the bill's content (billContent): the same number
 * with other content is BILL_NO_REUSED. `family` keeps who paid what (organizer personIds inside,
 * never shown), so a refund puts each fen back where it came from.
 */
export const settlements = pgTable(
  'settlements',
  {
    settlementId: text('settlement_id').primaryKey(),
    hospitalId: text('hospital_id').notNull(),
    billNo: text('bill_no').notNull(),
    bodyHash: text('body_hash').notNull(),
    checkInId: text('check_in_id').notNull(),
    patientPersonId: text('patient_person_id').notNull(),
    patientMaskedName: text('patient_masked_name').notNull(),
    /** SETTLED | REFUNDED */
    status: text('status').notNull(),
    totalFen: fen('total_fen').notNull(),
    compliantFen: fen('compliant_fen').notNull(),
    deductibleAppliedFen: fen('deductible_applied_fen').notNull(),
    fundFen: fen('fund_fen').notNull(),
    ownCurrentFen: fen('own_current_fen').notNull(),
    ownHistoricalFen: fen('own_historical_fen').notNull(),
    family: jsonb('family').$type<{ memberId: string; organizerPersonId: string; organizerMaskedName: string; relation: string; historicalFen: number }[]>().notNull(),
    cashFen: fen('cash_fen').notNull(),
    /** The calendar year (Asia/Shanghai) whose fund counters the settlement moved. */
    fundYear: integer('fund_year').notNull(),
    settledAt: at('settled_at').notNull(),
    refundedAt: at('refunded_at'),
  },
  (t) => [
    uniqueIndex('settlements_bill_idx').on(t.hospitalId, t.billNo),
    index('settlements_hospital_at_idx').on(t.hospitalId, t.settledAt),
    index('settlements_patient_idx').on(t.patientPersonId, t.settledAt),
  ],
);

/**
 * P-SET-7: one row per movement of one bucket of one person's personal account (premium orders,
 * settlements, family parts, refunds), written in the transaction that moves the money. `seq`
 * orders entries of equal time for keyset paging.
 */
export const accountLedger = pgTable(
  'account_ledger',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    entryId: text('entry_id').notNull().unique(),
    personId: text('person_id').notNull(),
    at: at('at').notNull(),
    /** PREMIUM | SETTLEMENT | FAMILY_SETTLEMENT | REFUND */
    kind: text('kind').notNull(),
    /** CURRENT | HISTORICAL */
    bucket: text('bucket').notNull(),
    /** < 0 out of the account, > 0 back in. */
    amountFen: fen('amount_fen').notNull(),
    orderId: text('order_id'),
    settlementId: text('settlement_id'),
    hospitalId: text('hospital_id'),
    /** The member whose bill a family part paid (masked name and relation to the account's owner). */
    subjectPersonId: text('subject_person_id'),
    subjectMaskedName: text('subject_masked_name'),
    subjectRelation: text('subject_relation'),
  },
  (t) => [index('account_ledger_person_idx').on(t.personId, t.at, t.seq), index('account_ledger_settlement_idx').on(t.settlementId)],
);

// ---------- WeChat (API.md WeChat) ----------

/**
 * The access_token of the mini-program, shared by every BFF process: sealed (it is a credential),
 * with its expiry, and a lease (`refreshingUntil`) that one process takes to renew it while the
 * others wait for the new one — many processes refreshing at once make one call.
 */
export const wechatTokens = pgTable('wechat_tokens', {
  appId: text('app_id').primaryKey(),
  tokenSealed: text('token_sealed'),
  /** Keyed digest of the token, to tell "the token that failed" from a newer one. */
  tokenDigest: text('token_digest'),
  expiresAt: at('expires_at'),
  refreshingUntil: at('refreshing_until'),
  refreshedAt: at('refreshed_at'),
});

/**
 * Phone numbers WeChat vouched for (POST /identity/phone): the proof handed to the user is kept by
 * keyed digest only, bound to the user, used once, expiring; the phone is sealed.
 */
export const phoneProofs = pgTable(
  'phone_proofs',
  {
    digest: text('digest').primaryKey(),
    userId: text('user_id').notNull(),
    phoneSealed: text('phone_sealed').notNull(),
    expiresAt: at('expires_at').notNull(),
    usedAt: at('used_at'),
    createdAt: at('created_at').notNull(),
  },
  (t) => [index('phone_proofs_expires_idx').on(t.expiresAt)],
);

/**
 * Transactional outbox of subscription messages: written in the transaction of the business
 * change that causes it (one row per event: `eventKey` is unique), sent by a worker in every
 * process (rows claimed with a lease), tried again with backoff, marked sent once.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    eventKey: text('event_key').notNull().unique(),
    kind: text('kind').notNull(),
    userId: text('user_id').notNull(),
    templateId: text('template_id').notNull(),
    page: text('page').notNull(),
    data: jsonb('data').$type<Record<string, { value: string }>>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: at('next_attempt_at').notNull(),
    lockedUntil: at('locked_until'),
    sentAt: at('sent_at'),
    /** Given up (a client error such as a refused subscription, or too many attempts). */
    droppedAt: at('dropped_at'),
    lastError: text('last_error'),
    createdAt: at('created_at').notNull(),
  },
  (t) => [index('outbox_due_idx').on(t.nextAttemptAt).where(sql`${t.sentAt} is null and ${t.droppedAt} is null`)],
);

// ---------- Sandbox upstream (the insurance core's own tables) ----------

export const sbMeta = pgTable('sb_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export const sbCitizens = pgTable('sb_citizens', {
  idHash: text('id_hash').primaryKey(),
  idSealed: text('id_sealed').notNull(),
  name: text('name').notNull(),
  phoneHash: text('phone_hash').notNull(),
  phoneSealed: text('phone_sealed').notNull(),
  scheme: text('scheme').notNull(),
  status: text('status').notNull(),
  region: text('region').notNull(),
  hasAccount: boolean('has_account').notNull(),
  historicalFen: fen('historical_fen').notNull(),
  currentFen: fen('current_fen').notNull(),
  paidYears: jsonb('paid_years').$type<number[]>().notNull(),
  student: boolean('student').notNull(),
  assistance: text('assistance'),
});

/** Registry (户口本) facts: `relative` is `person`'s `relation`. */
export const sbRelations = pgTable(
  'sb_relations',
  {
    personHash: text('person_hash').notNull(),
    relativeHash: text('relative_hash').notNull(),
    relation: text('relation').notNull(),
  },
  (t) => [primaryKey({ columns: [t.personHash, t.relativeHash, t.relation] }), index('sb_relations_relative_idx').on(t.relativeHash)],
);

/** Every movement of a personal account, by the caller's reference (order id). */
export const sbLedger = pgTable(
  'sb_ledger',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    idHash: text('id_hash').notNull(),
    reference: text('reference').notNull(),
    historicalFen: fen('historical_fen').notNull(),
    currentFen: fen('current_fen').notNull(),
    at: at('at').notNull(),
  },
  (t) => [uniqueIndex('sb_ledger_reference_idx').on(t.idHash, t.reference)],
);

export const sbEnrolments = pgTable(
  'sb_enrolments',
  {
    idHash: text('id_hash').notNull(),
    year: integer('year').notNull(),
    productId: text('product_id').notNull(),
    reference: text('reference').notNull(),
    at: at('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.idHash, t.year] })],
);

/**
 * P-SET-2 / P-SET-4: the pooling fund's counters of one person for `year` (Asia/Shanghai), seeded
 * from the world file (one row per citizen); a row of an earlier year counts as 0. Kept apart from
 * the account row so that a settlement locks accounts first, then this row, and never waits on an
 * order that locks a payer's account and then a resident's row.
 */
export const sbOutpatient = pgTable('sb_outpatient', {
  idHash: text('id_hash').primaryKey(),
  year: integer('year').notNull(),
  deductibleMetFen: fen('deductible_met_fen').notNull(),
  fundPaidFen: fen('fund_paid_fen').notNull(),
});
