import * as crypto from 'node:crypto';
import type { Keys } from './keys';

/**
 * ID numbers and phones at rest: AES-256-GCM ciphertext (random 96-bit IV, auth tag) for
 * reading back, and a keyed hash (HMAC-SHA256, domain-separated) for equality lookups.
 */
export class Pii {
  constructor(private readonly keys: Pick<Keys, 'piiEncryption' | 'piiHmac'>) {}

  encrypt(plain: string): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.keys.piiEncryption, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  decrypt(sealed: string): string {
    const [version, iv, body, tag] = sealed.split('.');
    if (version !== 'v1' || !iv || body === undefined || !tag) throw new Error('not a sealed value');
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.keys.piiEncryption, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** Keyed hash for lookups; `kind` separates ID numbers from phones. */
  hash(kind: 'id' | 'phone' | 'openid' | 'wechat-token' | 'phone-proof', value: string): string {
    return crypto.createHmac('sha256', this.keys.piiHmac).update(`${kind}:${value}`).digest('base64url');
  }
}

/** Non-keyed digest for opaque tokens stored server-side (refresh tokens). */
export function sha256(value: string): string {
  return crypto.createHash('sha256').update(value).digest('base64url');
}
