import { z } from 'zod';
import { ERROR_MESSAGES, ErrorCode } from '../messages';
import { INSURANCE_STATUSES, RELATIONS, SCHEMES } from '../types';

/**
 * Building blocks of the response schemas of API.md. Responses are strict objects: a field the
 * contract does not declare (say, a full ID number) fails the check instead of slipping out.
 */

/** API.md masks: ID `320***********123X` (first 3, last 4). */
export const maskedIdNumber = z.string().regex(/^\d{3}\*{11}[\dX]{4}$/).describe('320***********123X');
/** Phone `138****0001`. */
export const maskedPhone = z.string().regex(/^1\d{2}\*{4}\d{4}$/).describe('138****0001');
/** Name `王**`: the first character, then one `*` per further character. */
export const maskedName = z.string().regex(/^[^*\s]\*{1,29}$/u).describe('王**');

/** Money in integer fen. */
export const fen = z.number().int().nonnegative().describe('integer fen');
/** A signed movement in integer fen (< 0 out, > 0 in). */
export const signedFen = z.number().int().describe('integer fen, signed');
/** ISO-8601 instant with an offset (the BFF answers +08:00). */
export const instant = z.iso.datetime({ offset: true }).describe('ISO-8601 with offset');
/** A calendar date, YYYY-MM-DD. */
export const calendarDate = z.iso.date();
/** Opaque ids the BFF issues. */
export const opaqueId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
/** Region code (参保地), 6 digits. */
export const regionCode = z.string().regex(/^\d{6}$/);
/** Text a citizen reads: Chinese. */
export const chineseText = z.string().regex(/[\u4e00-\u9fff]/);

export const gender = z.enum(['M', 'F']);
export const relation = z.enum(RELATIONS);
export const scheme = z.enum(SCHEMES);
export const insuranceStatus = z.enum(INSURANCE_STATUSES);

export const insuranceBrief = z.strictObject({ scheme, status: insuranceStatus, region: regionCode });
export const accountBalance = z.strictObject({ historicalFen: fen, currentFen: fen });
export const modes = z.strictObject({ pay: z.boolean(), premium: z.boolean() });

/** A person as a hospital or an organizer sees them: masked identity and insurance status. */
export const personView = z.strictObject({
  personId: opaqueId,
  maskedName,
  maskedIdNumber,
  gender,
  age: z.number().int().nonnegative(),
  insurance: insuranceBrief,
});

/** A failing reason: contract code, Chinese message, and whom or which field it is about. */
export const reasonView = z.strictObject({
  code: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
  message: chineseText,
  personId: opaqueId.optional(),
  field: z.string().optional(),
});

/** API.md error body: `{"error": {code, message, reasons?, resumesAt?, …}}`. */
export const errorBody = z.strictObject({
  error: z.strictObject({
    code: z.enum(Object.keys(ERROR_MESSAGES) as [ErrorCode, ...ErrorCode[]]),
    message: chineseText.describe('Chinese, for a citizen'),
    reasons: z.array(reasonView).optional(),
    resumesAt: instant.optional().describe('SERVICE_SUSPENDED: when operations resume'),
    unlocksAt: instant.optional().describe('REAL_NAME_LOCKED: when verification unlocks'),
    retryAfterSeconds: z.number().int().positive().optional().describe('429 / 503: also in the Retry-After header'),
    remainingAttempts: z.number().int().nonnegative().optional().describe('REAL_NAME_MISMATCH: attempts left before the 24-hour lock'),
    usedAt: instant.optional().describe('QR_ALREADY_USED: when the code was redeemed'),
    open: z
      .strictObject({ orders: z.array(opaqueId), settlements: z.array(opaqueId) })
      .optional()
      .describe('OPEN_OBLIGATIONS: what is still open'),
  }),
});

export type ErrorBody = z.infer<typeof errorBody>;
export type Modes = z.infer<typeof modes>;
export type BalanceView = z.infer<typeof accountBalance>;
export type PersonView = z.infer<typeof personView>;
export type ReasonView = z.infer<typeof reasonView>;
