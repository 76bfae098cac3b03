import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Config } from '../config';
import { secureDataDir } from '../db/datadir';

/**
 * Every key the app uses, derived (HKDF-SHA256) from two secrets: JWT_SECRET and PII_KEY.
 * KeyObjects are built once: jsonwebtoken verifies much faster with them than with strings.
 */
export interface Keys {
  /** Citizen and hospital access tokens (their audiences differ). */
  access: crypto.KeyObject;
  /** HMAC key of the e-voucher tokens' digests (P-QR-1: the database holds no token). */
  qr: crypto.KeyObject;
  /** AES-256-GCM key for ID numbers and phones at rest. */
  piiEncryption: Buffer;
  /** HMAC-SHA256 key for lookups by ID number / phone. */
  piiHmac: Buffer;
}

function derive(secret: string, info: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.from('yibao-bff'), Buffer.from(info), 32));
}

export function deriveKeys(jwtSecret: string, piiKey: string): Keys {
  return {
    access: crypto.createSecretKey(derive(jwtSecret, 'access-token')),
    qr: crypto.createSecretKey(derive(jwtSecret, 'qr-token')),
    piiEncryption: derive(piiKey, 'pii-encryption'),
    piiHmac: derive(piiKey, 'pii-hmac'),
  };
}

export function randomSecret(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/**
 * Production: the secrets must come from the environment (loadConfig refuses to start
 * otherwise). Development: generated once and kept in DATA_DIR/secrets.json (mode 0600).
 */
export function loadKeys(config: Pick<Config, 'jwtSecret' | 'piiKey' | 'dataDir' | 'production'>): Keys {
  if (config.jwtSecret && config.piiKey) return deriveKeys(config.jwtSecret, config.piiKey);
  if (config.production) throw new Error('JWT_SECRET and PII_KEY are required in production');
  const file = path.join(config.dataDir, 'secrets.json');
  secureDataDir(config.dataDir);
  let stored: { jwtSecret: string; piiKey: string };
  try {
    stored = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`cannot read ${file}: ${(err as Error).message}`);
    stored = { jwtSecret: randomSecret(), piiKey: randomSecret() };
    // whole or not at all: a kill -9 in the middle of writing must not leave a truncated file that
    // stops every later start, so a temporary file is written and then linked in place (which,
    // unlike a rename, never replaces a file another process put there first)
    const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
    try {
      fs.writeFileSync(tmp, JSON.stringify(stored), { mode: 0o600, flag: 'wx' });
      fs.linkSync(tmp, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      stored = JSON.parse(fs.readFileSync(file, 'utf8')); // another process won the race
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  }
  return deriveKeys(config.jwtSecret ?? stored.jwtSecret, config.piiKey ?? stored.piiKey);
}

/** Fresh random keys (tests). */
export function ephemeralKeys(): Keys {
  return deriveKeys(randomSecret(), randomSecret());
}
