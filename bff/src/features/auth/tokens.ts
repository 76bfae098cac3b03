import jwt from 'jsonwebtoken';
import { Clock, epochSeconds } from '../../clock';
import type { Keys } from '../../crypto/keys';

export const ISSUER = 'yibao-bff';
/** Citizen and hospital tokens have different audiences and are refused on each other's endpoints. */
export const AUDIENCE = { citizen: 'yibao-citizen', hospital: 'yibao-hospital' } as const;
export type AccessKind = 'citizen' | 'hospital';
const ALGORITHMS: jwt.Algorithm[] = ['HS256'];

/**
 * JWTs with the app clock: iat/exp are set from it when signing and clockTimestamp is passed
 * when verifying; the algorithm, issuer and audience are pinned on verify.
 */
export class Tokens {
  constructor(
    private readonly keys: Pick<Keys, 'access'>,
    private readonly clock: Clock,
  ) {}

  /** `family`: a citizen token's refresh-token family (the `fam` claim), by which it is revoked. */
  signAccess(kind: AccessKind, subject: string, ttlSeconds: number, family?: string): { token: string; expiresIn: number } {
    const iat = epochSeconds(this.clock.now());
    const token = jwt.sign({ sub: subject, iat, exp: iat + ttlSeconds, ...(family ? { fam: family } : {}) }, this.keys.access, {
      algorithm: 'HS256',
      issuer: ISSUER,
      audience: AUDIENCE[kind],
    });
    return { token, expiresIn: ttlSeconds };
  }

  /**
   * The subject (and family) of a valid token of that kind; null for anything else (forged,
   * expired, other kind, alg none…, and a citizen token without a family).
   */
  verifyAccess(kind: AccessKind, token: string): { sub: string; fam: string | null } | null {
    try {
      const claims = jwt.verify(token, this.keys.access, {
        algorithms: ALGORITHMS,
        issuer: ISSUER,
        audience: AUDIENCE[kind],
        clockTimestamp: epochSeconds(this.clock.now()),
      });
      // every access token this app signs expires: one without `exp` was never ours to accept
      if (typeof claims !== 'object' || typeof claims.sub !== 'string' || !claims.sub || typeof claims.exp !== 'number') return null;
      const fam = typeof claims.fam === 'string' && claims.fam ? claims.fam : null;
      // every citizen token this app signs names its family (logout and reuse revoke by it)
      if (kind === 'citizen' && !fam) return null;
      return { sub: claims.sub, fam };
    } catch {
      return null;
    }
  }
}
