import { FIELD_REASONS, FieldReasonCode, REASONS, ReasonCode } from './messages';
import type { Reason } from './types';

/** A NOT_ELIGIBLE reason; `rule` overrides the code's home rule where another rule applies it. */
export function reason(code: ReasonCode, personId?: string, rule: string = REASONS[code].rule): Reason {
  const { message } = REASONS[code];
  return personId === undefined ? { code, message, rule } : { code, message, rule, personId };
}

export function fieldReason(code: FieldReasonCode, field: string, message: string = FIELD_REASONS[code]): Reason {
  return { code, message, field };
}
