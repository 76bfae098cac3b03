import { eq, sql } from 'drizzle-orm';
import type { Request, RequestHandler, Response } from 'express';
import type { Db } from '../db/client';
import { users } from '../db/schema';
import type { AccessKind, Tokens } from '../features/auth/tokens';
import { realNameRequired, unauthenticated } from './errors';

export interface CitizenContext {
  userId: string;
  /** The token family of the access token (a sign-in and its refreshes). */
  familyId: string;
  /** The verified identity, or null before real-name verification. */
  personId: string | null;
}

export interface HospitalContext {
  hospitalId: string;
}

export function bearer(req: Request): string | null {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return null;
  const m = /^Bearer +([A-Za-z0-9._~+/=-]{1,4096})\s*$/i.exec(header);
  return m ? m[1] : null;
}

function claims(tokens: Tokens, kind: AccessKind, req: Request): { sub: string; fam: string | null } {
  const token = bearer(req);
  const valid = token ? tokens.verifyAccess(kind, token) : null;
  if (!valid) throw unauthenticated();
  return valid;
}

/**
 * Citizen endpoints: a valid citizen access token, of a family not revoked (logout, a reused
 * refresh token: `revoked` is the in-memory set of Revocations, no database read), of an existing
 * user (401 otherwise).
 */
export function citizenAuth(tokens: Tokens, db: Db, revoked: { has(familyId: string): boolean }): RequestHandler {
  // every citizen call runs it: built once, a named prepared statement on PostgreSQL
  const findUser = db
    .select({ userId: users.userId, personId: users.personId })
    .from(users)
    .where(eq(users.userId, sql.placeholder('userId')))
    .prepare('auth_user');
  return async (req, res, next) => {
    const { sub: userId, fam } = claims(tokens, 'citizen', req);
    if (!fam || revoked.has(fam)) throw unauthenticated();
    const [user] = await findUser.execute({ userId });
    if (!user) throw unauthenticated();
    res.locals.citizen = { ...user, familyId: fam } satisfies CitizenContext;
    next();
  };
}

/** Hospital endpoints: a valid hospital access token of a hospital of the world (401 otherwise). */
export function hospitalAuth(tokens: Tokens, hospitalExists: (id: string) => boolean): RequestHandler {
  return (req, res, next) => {
    const hospitalId = claims(tokens, 'hospital', req).sub;
    if (!hospitalExists(hospitalId)) throw unauthenticated();
    res.locals.hospital = { hospitalId } satisfies HospitalContext;
    next();
  };
}

/** P-ID-2: the call needs a verified identity (403 REAL_NAME_REQUIRED). */
export const requireVerified: RequestHandler = (_req, res, next) => {
  if (!citizen(res).personId) throw realNameRequired();
  next();
};

export function citizen(res: Response): CitizenContext {
  return res.locals.citizen as CitizenContext;
}

/** The caller's verified personId (after requireVerified). */
export function verifiedPerson(res: Response): string {
  const personId = citizen(res).personId;
  if (!personId) throw realNameRequired();
  return personId;
}

export function hospital(res: Response): HospitalContext {
  return res.locals.hospital as HospitalContext;
}
