import { z } from 'zod';
import { fen, instant, maskedName, opaqueId, personView } from './common';

/** POST /hospital/sessions. */
export const hospitalSession = z.strictObject({
  accessToken: z.string().min(1),
  expiresIn: z.number().int().positive(),
  /** Addition: the hospital signed in, by name, for the desk's header and receipt. */
  hospital: z.strictObject({ hospitalId: z.string(), name: z.string() }).optional(),
});

/** POST /hospital/check-ins (P-QR-2): the patient's masked identity and insurance status. */
export const checkIn = z.strictObject({ checkInId: opaqueId, checkedInAt: instant, patient: personView });

/** API.md `<split>` (P-SET-2..4): every part of a bill; `family` in the order the money was drawn. */
export const settlementSplit = z.strictObject({
  checkInId: opaqueId,
  patient: z.strictObject({ personId: opaqueId, maskedName }),
  totalFen: fen,
  compliantFen: fen,
  deductibleAppliedFen: fen,
  fundFen: fen,
  ownAccount: z.strictObject({ currentFen: fen, historicalFen: fen }),
  family: z.array(z.strictObject({ memberId: opaqueId, organizer: z.strictObject({ maskedName }), historicalFen: fen })),
  cashFen: fen,
});

const settlementShape = {
  ...settlementSplit.shape,
  settlementId: opaqueId,
  billNo: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  status: z.enum(['SETTLED', 'REFUNDED']),
  settledAt: instant,
  refundedAt: instant.optional(),
};

/** POST /hospital/settlements (201), its refund (200, REFUNDED + refundedAt), and the hospital's list. */
export const settlement = z.strictObject(settlementShape);
export const settlementList = z.array(settlement);

export const hospitalRef = z.strictObject({ hospitalId: opaqueId, name: z.string().min(1) });

/** GET /settlements (P-SET-7): a bill where the caller was the patient or paid a family part. */
export const citizenSettlement = z.strictObject({ ...settlementShape, hospital: hospitalRef });
export const citizenSettlementList = z.array(citizenSettlement);

export type HospitalSession = z.infer<typeof hospitalSession>;
export type CheckIn = z.infer<typeof checkIn>;
export type SettlementSplitView = z.infer<typeof settlementSplit>;
export type Settlement = z.infer<typeof settlement>;
export type CitizenSettlement = z.infer<typeof citizenSettlement>;
export type HospitalRef = z.infer<typeof hospitalRef>;
