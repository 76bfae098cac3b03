import { check, Reason } from '@yibao/shared';
import type { Request } from 'express';
import type { z } from 'zod';
import { validationFailed } from './errors';

/** Parses with a shared zod schema, or throws 400 VALIDATION_FAILED naming the fields. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = check(schema, input);
  if (!result.ok) throw validationFailed(result.reasons);
  return result.value;
}

export function body<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
  return parse(schema, req.body);
}

/** Path parameters are opaque ids: anything else cannot name a resource of ours. */
export function pathId(req: Request, name: string): string | null {
  const value = req.params[name];
  return typeof value === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(value) ? value : null;
}

export function fieldReason(code: string, field: string, message: string): Reason {
  return { code, message, field };
}
