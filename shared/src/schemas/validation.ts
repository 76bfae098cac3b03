import type { z } from 'zod';
import { FIELD_REASONS, FieldReasonCode } from '../messages';
import { fieldReason } from '../reasons';
import type { Reason } from '../types';

/** A message that is one of FIELD_REASONS names its own code (e.g. COMPLIANT_OVER_TOTAL). */
const CODE_OF_MESSAGE = new Map(Object.entries(FIELD_REASONS).map(([code, message]) => [message as string, code as FieldReasonCode]));

const FIELD_CODES: Record<string, FieldReasonCode> = {
  idNumber: 'ID_INVALID',
  name: 'NAME_INVALID',
  phone: 'PHONE_INVALID',
  relation: 'RELATION_INVALID',
};

/** VALIDATION_FAILED reasons: one per failing field, with the field's own code. */
export function validationReasons(error: z.ZodError, input?: unknown): Reason[] {
  const byField = new Map<string, Reason>();
  for (const issue of error.issues) {
    const top = issue.path.length > 0 ? String(issue.path[0]) : 'body';
    const field = issue.path.length > 0 ? issue.path.map(String).join('.') : 'body';
    if (byField.has(top)) continue;
    const missing = issue.path.length > 0 && valueAt(input, issue.path) === undefined;
    const code: FieldReasonCode = CODE_OF_MESSAGE.get(issue.message) ?? FIELD_CODES[top] ?? (missing ? 'FIELD_REQUIRED' : 'FIELD_INVALID');
    const message = /[\u4e00-\u9fff]/.test(issue.message) ? issue.message : FIELD_REASONS[code];
    byField.set(top, fieldReason(code, field, message));
  }
  return [...byField.values()];
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** Parses with a schema and answers either the value or the field reasons. */
export function check<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { ok: true; value: z.output<S> } | { ok: false; reasons: Reason[] } {
  const result = schema.safeParse(input);
  return result.success ? { ok: true, value: result.data } : { ok: false, reasons: validationReasons(result.error, input) };
}
