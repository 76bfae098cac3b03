import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ephemeralKeys, loadKeys } from './keys';
import { Pii } from './pii';

describe('PII at rest: AES-256-GCM + HMAC lookups', () => {
  const pii = new Pii(ephemeralKeys());
  it('round-trips, with a fresh IV each time', () => {
    const a = pii.encrypt('320102198003140113');
    const b = pii.encrypt('320102198003140113');
    expect(a).not.toBe(b);
    expect(a).not.toContain('320102198003140113');
    expect(pii.decrypt(a)).toBe('320102198003140113');
  });
  it('refuses a tampered ciphertext (auth tag)', () => {
    const sealed = pii.encrypt('13800000001');
    const parts = sealed.split('.');
    const body = Buffer.from(parts[2], 'base64url');
    body[0] ^= 1;
    parts[2] = body.toString('base64url');
    expect(() => pii.decrypt(parts.join('.'))).toThrow();
  });
  it('hashes are keyed, stable and separated by kind', () => {
    expect(pii.hash('id', 'x')).toBe(pii.hash('id', 'x'));
    expect(pii.hash('id', 'x')).not.toBe(pii.hash('phone', 'x'));
    expect(new Pii(ephemeralKeys()).hash('id', 'x')).not.toBe(pii.hash('id', 'x'));
  });
});

describe('Keys: from the environment in production, generated once in DATA_DIR in development', () => {
  it('development: generated once and kept (0600), the same on the next start', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yibao-keys-'));
    const a = loadKeys({ dataDir: dir, production: false });
    const b = loadKeys({ dataDir: dir, production: false });
    expect(a.piiHmac.equals(b.piiHmac)).toBe(true);
    expect(a.access.export().equals(b.access.export())).toBe(true);
    expect(fs.statSync(path.join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
    fs.rmSync(dir, { recursive: true });
  });
  it('production without secrets refuses', () => {
    expect(() => loadKeys({ dataDir: '/nonexistent', production: true })).toThrow(/required/);
  });
  it('environment secrets win and derive distinct keys per purpose', () => {
    const k = loadKeys({ dataDir: '/nonexistent', production: true, jwtSecret: 'j'.repeat(32), piiKey: 'p'.repeat(32) });
    expect(k.access.export().equals(k.qr.export())).toBe(false);
    expect(k.piiEncryption.equals(k.piiHmac)).toBe(false);
  });
});
