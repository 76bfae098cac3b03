import { z } from 'zod';
import { parseIdNumber } from '../identity/idNumber';
import { isValidName, isValidPhone, normaliseName } from '../identity/contact';
import { FIELD_REASONS } from '../messages';
import { RELATIONS } from '../types';

/** zod error option: one message when the field is missing, another when it is malformed. */
export function messages(required: string, invalid: string) {
  return { error: (issue: { input?: unknown }) => (issue.input === undefined ? required : invalid) };
}

/** P-ID-3 name, trimmed and with look-alike dots normalised. */
export const nameField = z
  .string(messages('请填写姓名', FIELD_REASONS.NAME_INVALID))
  .transform(normaliseName)
  .refine(isValidName, { error: FIELD_REASONS.NAME_INVALID });

/** P-ID-1 ID number: structure, real birth date, check character; lower-case x normalised. */
export const idNumberField = z
  .string(messages('请填写身份证号', FIELD_REASONS.ID_INVALID))
  .transform((s) => s.trim().toUpperCase())
  .refine((s) => parseIdNumber(s).ok, { error: FIELD_REASONS.ID_INVALID });

/** P-ID-3 mainland mobile number. */
export const phoneField = z
  .string(messages('请填写手机号', FIELD_REASONS.PHONE_INVALID))
  .transform((s) => s.trim())
  .refine(isValidPhone, { error: FIELD_REASONS.PHONE_INVALID });

export const relationField = z.enum(RELATIONS, messages('请选择与本人的关系', FIELD_REASONS.RELATION_INVALID));

/** Opaque ids issued by the BFF (persons, members, orders, products, hospitals). */
export const idField = z
  .string(messages('此项必须填写', FIELD_REASONS.FIELD_INVALID))
  .min(1, { error: FIELD_REASONS.FIELD_REQUIRED })
  .max(64, { error: FIELD_REASONS.FIELD_INVALID })
  .regex(/^[A-Za-z0-9_-]+$/, { error: FIELD_REASONS.FIELD_INVALID })
  // answers echo ids (an eligibility line names its personId): one that is really an ID number or
  // a phone number (a run of 11+ digits; never in an id the BFF issues) would put it in a response
  .refine((s) => !/\d{11}/.test(s), { error: FIELD_REASONS.FIELD_INVALID });
