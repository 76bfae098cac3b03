import * as crypto from 'node:crypto';
import jwt from 'jsonwebtoken';
import { Clock, epochSeconds } from '../../clock';
import type { Keys } from '../../crypto/keys';

export const ISSUER = 'yibao-bff';
/** Citizen and hospital tokens have different audiences and are refused on each other's endpoints. */
export const AUDIENCE = { citizen: 'yibao-citizen', hospital: 'yibao-hospital', qr: 'yibao-qr' } as const;
export type AccessKind = 'citizen' | 'hospital';
const ALGORITHMS: jwt.Algorithm[] = ['HS256'];

/**
 * JWTs with the app clock: iat/exp are set from it when signing and clockTimestamp is passed
 * when verifying; the algorithm, issuer and audience are pinned on verify.
 */
export class Tokens {
  constructor(
    private readonly keys: Pick<Keys, 'access' | 'qr'>,
    private readonly clock: Clock,
  ) {}

  signAccess(kind: AccessKind, subject: string, ttlSeconds: number): { token: string; expiresIn: number } {
    const iat = epochSeconds(this.clock.now());
    const token = jwt.sign({ sub: subject, iat, exp: iat + ttlSeconds }, this.keys.access, {
      algorithm: 'HS256',
      issuer: ISSUER,
      audience: AUDIENCE[kind],
    });
    return { token, expiresIn: ttlSeconds };
  }

  /** The subject of a valid token of that kind; null for anything else (forged, expired, other kind, alg none…). */
  verifyAccess(kind: AccessKind, token: string): string | null {
    try {
      const claims = jwt.verify(token, this.keys.access, {
        algorithms: ALGORITHMS,
        issuer: ISSUER,
        audience: AUDIENCE[kind],
        clockTimestamp: epochSeconds(this.clock.now()),
      });
      // every access token this app signs expires: one without `exp` was never ours to accept
      if (typeof claims !== 'object' || typeof claims.sub !== 'string' || !claims.sub || typeof claims.exp !== 'number') return null;
      return claims.sub;
    } catch {
      return null;
    }
  }

  /** P-QR-1: an e-voucher token naming the person (and nobody else, P-FAM-10). */
  signQr(personId: string, ttlSeconds: number): { token: string; jti: string; expiresAt: Date } {
    const now = this.clock.now();
    const iat = epochSeconds(now);
    const jti = crypto.randomBytes(16).toString('base64url');
    const expiresAt = new Date((iat + ttlSeconds) * 1000);
    const token = jwt.sign({ sub: personId, iat, exp: iat + ttlSeconds, jti }, this.keys.qr, {
      algorithm: 'HS256',
      issuer: ISSUER,
      audience: AUDIENCE.qr,
    });
    return { token, jti, expiresAt };
  }

  /** Checks the signature and claims (not expiry: the caller decides between expired and used). */
  readQr(token: string): { authentic: true; personId: string; jti: string; expiresAt: Date } | { authentic: false } {
    try {
      const claims = jwt.verify(token, this.keys.qr, {
        algorithms: ALGORITHMS,
        issuer: ISSUER,
        audience: AUDIENCE.qr,
        ignoreExpiration: true,
        clockTimestamp: epochSeconds(this.clock.now()),
      });
      if (typeof claims !== 'object' || typeof claims.sub !== 'string' || typeof claims.jti !== 'string' || typeof claims.exp !== 'number') {
        return { authentic: false };
      }
      return { authentic: true, personId: claims.sub, jti: claims.jti, expiresAt: new Date(claims.exp * 1000) };
    } catch {
      return { authentic: false };
    }
  }
}
