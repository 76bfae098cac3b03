import { z } from 'zod';
import { LEDGER_KINDS } from '../rules/settlement';
import { ORDER_STATUSES } from '../rules/selfpay';
import { PAY_METHODS, PRODUCT_KINDS } from '../types';
import {
  accountBalance,
  calendarDate,
  fen,
  gender,
  insuranceBrief,
  instant,
  maskedName,
  maskedPhone,
  modes,
  opaqueId,
  personView,
  reasonView,
  relation,
  signedFen,
} from './common';
import { citizenSettlement, hospitalRef } from './hospital';

// ---------- sign-in and identity ----------

/** POST /auth/login, POST /auth/refresh. */
export const tokenPair = z.strictObject({ accessToken: z.string().min(1), refreshToken: z.string().min(1), expiresIn: z.number().int().positive() });

/** POST /identity/phone: the number WeChat vouched for (masked) and the proof /identity/verify takes for it. */
export const phoneProof = z.strictObject({
  maskedPhone,
  phoneProof: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/).describe('POST /identity/verify {name, idNumber, phoneProof}: bound to the caller, works once'),
  expiresIn: z.number().int().positive().describe('seconds'),
});

/** POST /identity/verify. */
export const verified = z.strictObject({ verified: z.literal(true) });

/** GET /me: the caller's own person, with their masked phone and account balance. */
export const mePerson = z.strictObject({
  ...personView.shape,
  maskedPhone,
  insurance: z.strictObject({ ...insuranceBrief.shape, account: accountBalance.optional() }),
});
export const me = z.strictObject({ userId: opaqueId, verified: z.boolean(), person: mePerson.optional() });

// ---------- family (P-FAM) ----------

export const bindingStatus = z.enum(['ACTIVE', 'PENDING_CONSENT']);

/** POST /family/members (201). */
export const memberAdded = z.strictObject({ memberId: opaqueId, personId: opaqueId, relation, status: bindingStatus });

/** A consented (or minor) member: masked identity, age and insurance. */
export const activeMember = z.strictObject({ memberId: opaqueId, relation, status: z.literal('ACTIVE'), ...personView.shape });
/** Before an adult consents, their row shows only who was invited (PIPL): no insurance, age or ID. */
export const pendingMember = z.strictObject({
  memberId: opaqueId,
  personId: opaqueId,
  relation,
  status: z.literal('PENDING_CONSENT'),
  maskedName,
  gender,
});
export const familyMember = z.discriminatedUnion('status', [activeMember, pendingMember]);

/**
 * #14 finding 10: an invitation the invitee declined (P-FAM-6), told to the organizer for
 * DECLINE_NOTICE_DAYS after the answer, so it does not vanish silently; only what the organizer
 * already knew when inviting (name mask, gender, relation) and when it was declined.
 */
export const declinedMember = z.strictObject({
  memberId: opaqueId,
  personId: opaqueId,
  relation,
  maskedName,
  gender,
  declinedAt: instant,
});

/** GET /family/members (`declined`: optional addition, #14 finding 10). */
export const familyNetwork = z.strictObject({
  modes,
  members: z.array(familyMember),
  declined: z.array(declinedMember).optional().describe('invitations declined in the last 30 days, newest first; absent or empty when none'),
});

/** PUT /family/modes. */
export const familyModes = z.strictObject({ modes });

/**
 * GET /family/invitations: `relation` is what the caller is to the organizer;
 * `organizer.relation` what the organizer is to the caller (CHILD when a son invites his father).
 */
export const invitation = z.strictObject({
  memberId: opaqueId,
  relation,
  organizer: z.strictObject({ maskedName, gender, relation }),
  modes,
});
export const invitationList = z.array(invitation);

/** POST /family/invitations/{memberId}/accept | decline. */
export const invitationAnswer = z.strictObject({ status: z.enum(['ACTIVE', 'DECLINED']) });

/** GET /family/memberships: the networks the caller has joined (`relation`: the caller to the organizer). */
export const membership = z.strictObject({
  memberId: opaqueId,
  relation,
  status: bindingStatus,
  organizer: z.strictObject({ maskedName }),
  modes,
});
export const membershipList = z.array(membership);

// ---------- products and orders (P-PAY) ----------

/** GET /products. */
export const productView = z.strictObject({
  productId: opaqueId,
  kind: z.enum(PRODUCT_KINDS),
  name: z.string().min(1),
  year: z.number().int(),
  opensAt: instant,
  closesAt: instant,
  description: z.string().min(1).optional().describe('投保须知, when the product data has it (#14)'),
  coverage: z.array(z.string().min(1)).optional().describe('what the product covers, one line each (#14)'),
});
export const productList = z.array(productView);

/** POST /eligibility (P-PAY-9: every failing reason, for the payer and per person). */
/** One insured person's line of an eligibility answer. */
export const insuredEligibility = z.strictObject({
  personId: opaqueId,
  eligible: z.boolean(),
  amountFen: fen,
  category: z.string().nullable(),
  coverFrom: calendarDate.nullable(),
  waitingMonths: z.number().int().nonnegative().nullable(),
  reasons: z.array(reasonView),
});
export const eligibility = z.strictObject({
  eligible: z.boolean(),
  totalFen: fen,
  balance: accountBalance,
  payer: z.strictObject({ reasons: z.array(reasonView) }),
  insured: z.array(insuredEligibility),
  debit: accountBalance.optional().describe('#14: what the personal account would pay from each bucket, when it can pay the whole order'),
  shortFen: fen.optional().describe('#14: INSUFFICIENT_BALANCE: how much the personal account lacks'),
  payable: z
    .strictObject({ insured: z.array(opaqueId).min(1), totalFen: fen })
    .optional()
    .describe('#14: INSUFFICIENT_BALANCE: the largest group of the people asked for that the account can pay'),
});

/**
 * POST /orders (201), GET /orders/{orderId}, GET /orders (a list). A SELF_PAY order is
 * AWAITING_PAYMENT until `expiresAt` (SELF_PAY_TTL_MINUTES), then EXPIRED; it becomes PAID through
 * the cashier (POST /orders/{orderId}/payment, …/payment/confirm) or CANCELLED (…/cancel).
 */
export const order = z.strictObject({
  orderId: opaqueId,
  status: z.enum(ORDER_STATUSES),
  productId: opaqueId,
  payMethod: z.enum(PAY_METHODS),
  totalFen: fen,
  items: z.array(z.strictObject({ personId: opaqueId, amountFen: fen, coverFrom: calendarDate })),
  debit: accountBalance.optional(),
  createdAt: instant,
  expiresAt: instant.optional().describe('SELF_PAY: when an unpaid order expires'),
  paidAt: instant.optional().describe('SELF_PAY: when the cashier confirmed the payment'),
});
export const orderList = z.array(order);

/**
 * POST /orders/{orderId}/payment: how to pay a self-pay order. SANDBOX: the mini-program shows a
 * simulated cashier and confirms with POST /orders/{orderId}/payment/confirm. WECHAT: the
 * arguments of wx.requestPayment (a prepay from WeChat Pay), then the same confirm.
 */
const paymentBase = { orderId: opaqueId, amountFen: fen, expiresAt: instant };
export const paymentSession = z.discriminatedUnion('provider', [
  z.strictObject({ provider: z.literal('SANDBOX'), ...paymentBase, merchant: z.string().min(1).describe('the payee shown on the cashier') }),
  z.strictObject({
    provider: z.literal('WECHAT'),
    ...paymentBase,
    params: z.strictObject({ timeStamp: z.string(), nonceStr: z.string(), package: z.string(), signType: z.literal('RSA'), paySign: z.string() }),
  }),
]);

// ---------- e-voucher (P-QR) ----------

/** POST /qrcodes (201): the QR code encodes `token` exactly (P-QR-1: at most 32 characters). */
export const qrCode = z.strictObject({ token: z.string().min(1).max(32).describe('what the QR code encodes (P-QR-1: at most 32 characters)'), expiresAt: instant });

/**
 * GET /qrcodes/current?personId (#14 finding 7): what became of the latest code the caller fetched
 * for that person — still VALID, USED at a hospital (with the check-in and, once settled, its
 * bills), EXPIRED, or INVALID (P-QR-3: the binding it was shown through has ended). The phone polls
 * it while the code is on screen, so that a used code is never shown as valid.
 */
export const qrStatus = z.strictObject({
  status: z.enum(['VALID', 'USED', 'EXPIRED', 'INVALID']),
  expiresAt: instant,
  checkIn: z.strictObject({ checkInId: opaqueId, checkedInAt: instant, hospital: hospitalRef, department: z.string().min(1).optional() }).optional(),
  settlements: z.array(citizenSettlement).optional().describe('the bills of the check-in, oldest first (only with status USED, and only once settled)'),
});

// ---------- what citizens see of settlements (P-SET-7) ----------

/** GET /account/ledger: one entry per bucket movement of the caller's own account, newest first. */
export const ledgerEntry = z.strictObject({
  entryId: opaqueId,
  at: instant,
  kind: z.enum(LEDGER_KINDS),
  amountFen: signedFen,
  bucket: z.enum(['CURRENT', 'HISTORICAL']),
  orderId: opaqueId.optional(),
  settlementId: opaqueId.optional(),
  hospital: hospitalRef.optional(),
  person: z.strictObject({ personId: opaqueId, maskedName, relation }).optional(),
});
export const ledgerPage = z.strictObject({ entries: z.array(ledgerEntry), nextBefore: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/).optional() });

// ---------- notices (P-OPS) and health ----------

/** One planned maintenance window (P-OPS-1). */
export const maintenanceNotice = z.strictObject({ startsAt: instant, endsAt: instant, message: z.string().min(1) });
export const notices = z.strictObject({ maintenance: z.array(maintenanceNotice), suspended: z.boolean() });

export const health = z.strictObject({ status: z.literal('ok') });

export type TokenPair = z.infer<typeof tokenPair>;
export type Me = z.infer<typeof me>;
export type PhoneProof = z.infer<typeof phoneProof>;
export type MemberAdded = z.infer<typeof memberAdded>;
export type FamilyMember = z.infer<typeof familyMember>;
export type ActiveMember = z.infer<typeof activeMember>;
export type PendingMember = z.infer<typeof pendingMember>;
export type FamilyNetwork = z.infer<typeof familyNetwork>;
export type DeclinedMember = z.infer<typeof declinedMember>;
export type Invitation = z.infer<typeof invitation>;
export type Membership = z.infer<typeof membership>;
export type ProductView = z.infer<typeof productView>;
export type Eligibility = z.infer<typeof eligibility>;
export type InsuredEligibility = z.infer<typeof insuredEligibility>;
export type Order = z.infer<typeof order>;
export type PaymentSession = z.infer<typeof paymentSession>;
export type QrCode = z.infer<typeof qrCode>;
export type QrStatus = z.infer<typeof qrStatus>;
export type LedgerEntry = z.infer<typeof ledgerEntry>;
export type LedgerPage = z.infer<typeof ledgerPage>;
export type Notices = z.infer<typeof notices>;
export type MaintenanceNotice = z.infer<typeof maintenanceNotice>;
export type InvitationAnswer = z.infer<typeof invitationAnswer>;
export type Verified = z.infer<typeof verified>;
export type MePerson = z.infer<typeof mePerson>;
export type OrderItem = Order['items'][number];
