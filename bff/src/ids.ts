import * as crypto from 'node:crypto';

/** Opaque ids of the API (`p_` persons, `u_` users, `m_` members, `o_` orders, `c_` check-ins, `f_` token families). */
export function newId(prefix: string): string {
  return prefix + crypto.randomBytes(12).toString('base64url');
}
