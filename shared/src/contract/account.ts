import { z } from 'zod';
import { instant, maskedName, modes, opaqueId, relation } from './common';
import { ledgerEntry, mePerson, orderList } from './citizen';
import { citizenSettlementList, hospitalRef } from './hospital';

/** Every state a binding goes through (P-FAM-6, P-FAM-8): the export shows ended ones too. */
export const bindingHistoryStatus = z.enum(['PENDING_CONSENT', 'ACTIVE', 'DECLINED', 'REMOVED']);

/**
 * A binding as the export shows it, from either side: `role` is the caller's part in it, `other`
 * the other person (masked), `relation` what the member is to the organizer.
 */
export const bindingRecord = z.strictObject({
  memberId: opaqueId,
  role: z.enum(['ORGANIZER', 'MEMBER']),
  relation,
  status: bindingHistoryStatus,
  other: z.strictObject({ personId: opaqueId, maskedName }),
  createdAt: instant,
  updatedAt: instant,
});

/** A consent decision the caller made as an invited member (P-FAM-6). */
export const consentRecord = z.strictObject({
  memberId: opaqueId,
  organizer: z.strictObject({ maskedName }),
  relation,
  decision: z.enum(['ACCEPTED', 'DECLINED']),
  at: instant,
});

export const checkInRecord = z.strictObject({
  checkInId: opaqueId,
  checkedInAt: instant,
  hospital: hospitalRef,
  department: z.string().min(1).optional(),
});

/**
 * GET /me/export (PIPL art. 45): everything the service holds about the caller, masked as
 * everywhere, built from the same shapes as the rest of the API.
 */
export const accountExport = z.strictObject({
  exportedAt: instant,
  account: z.strictObject({ userId: opaqueId, createdAt: instant, verifiedAt: instant.optional() }),
  identity: mePerson.optional(),
  family: z.strictObject({ modes, bindings: z.array(bindingRecord) }),
  consents: z.array(consentRecord),
  orders: orderList,
  settlements: citizenSettlementList,
  ledger: z.array(ledgerEntry),
  checkIns: z.array(checkInRecord),
  signIns: z.array(z.strictObject({ at: instant })).describe('times only, newest first'),
});

export type AccountExport = z.infer<typeof accountExport>;
export type BindingRecord = z.infer<typeof bindingRecord>;
