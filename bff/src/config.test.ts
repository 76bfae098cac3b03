import * as path from 'node:path';
import { ConfigError, loadConfig } from './config';

describe('config (API.md Starting it)', () => {
  it('defaults: PORT 3000, DATA_DIR ./data, QR_TTL_SECONDS 60, access tokens 15 min', () => {
    const c = loadConfig({}, '/srv/app');
    expect(c).toMatchObject({ port: 3000, dataDir: '/srv/app/data', qrTtlSeconds: 60, accessTtlSeconds: 900, production: false });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.sandboxFixtures).toBeUndefined();
    expect(c.staticDir).toBe(path.resolve(__dirname, '../../miniapp/dist/h5'));
  });
  it('reads the environment', () => {
    const c = loadConfig(
      { PORT: '4000', DATA_DIR: 'd', SANDBOX_FIXTURES: 'w.json', SANDBOX_NOW: '2026-11-24T10:00:00+08:00', QR_TTL_SECONDS: '5', DATABASE_URL: 'postgres://x@h/db' },
      '/srv',
    );
    expect(c).toMatchObject({ port: 4000, dataDir: '/srv/d', sandboxFixtures: '/srv/w.json', qrTtlSeconds: 5, databaseUrl: 'postgres://x@h/db' });
    expect(c.sandboxNow?.toISOString()).toBe('2026-11-24T02:00:00.000Z');
  });
  it.each([
    [{ PORT: 'abc' }, /PORT/],
    [{ SANDBOX_NOW: 'tomorrow' }, /SANDBOX_NOW/],
    [{ QR_TTL_SECONDS: '0' }, /QR_TTL_SECONDS/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ NODE_ENV: 'production' }, /JWT_SECRET and PII_KEY/],
    [{ NODE_ENV: 'production', JWT_SECRET: 'short', PII_KEY: 'p'.repeat(40) }, /JWT_SECRET/],
  ])('refuses %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
  it('production starts with both secrets', () => {
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'j'.repeat(32), PII_KEY: 'p'.repeat(32) }).production).toBe(true);
  });
});
