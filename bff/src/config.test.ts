import * as path from 'node:path';
import { ConfigError, DEFAULT_RATE_LIMITS, loadConfig } from './config';

describe('config (API.md Starting it)', () => {
  it('defaults: PORT 3000, DATA_DIR ./data, QR_TTL_SECONDS 60, access tokens 15 min', () => {
    const c = loadConfig({}, '/srv/app');
    expect(c).toMatchObject({ port: 3000, dataDir: '/srv/app/data', qrTtlSeconds: 60, accessTtlSeconds: 900, production: false });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.sandboxFixtures).toBeUndefined();
    expect(c.staticDir).toBe(path.resolve(__dirname, '../../miniapp/dist/h5'));
    expect(c.deskDir).toBe(path.resolve(__dirname, '../../desk/dist'));
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
  it('RATE_LIMITS overrides named limits (name=limit/windowSeconds), the others keep their defaults', () => {
    const c = loadConfig({ RATE_LIMITS: 'loginPerOpenid=20/60, hospitalSessionPerHospital=5/1' });
    expect(c.rateLimits.loginPerOpenid).toEqual({ limit: 20, windowMs: 60_000 });
    expect(c.rateLimits.hospitalSessionPerHospital).toEqual({ limit: 5, windowMs: 1000 });
    expect(c.rateLimits.verifyPerUser).toEqual(DEFAULT_RATE_LIMITS.verifyPerUser);
    expect(loadConfig({}).rateLimits).toEqual(DEFAULT_RATE_LIMITS);
  });
  it.each(['loginPerOpenid=0/60', 'nope=1/1', 'loginPerOpenid=5', 'toString=1/1', 'loginPerIp=1/0'])('RATE_LIMITS refuses %j', (raw) => {
    expect(() => loadConfig({ RATE_LIMITS: raw })).toThrow(/RATE_LIMITS/);
  });
  it('WEB_CONCURRENCY: worker processes, 1 (one process) unless set; 1-64', () => {
    expect(loadConfig({}).webConcurrency).toBe(1);
    expect(loadConfig({ WEB_CONCURRENCY: '2' }).webConcurrency).toBe(2);
    for (const raw of ['0', '65', 'two']) expect(() => loadConfig({ WEB_CONCURRENCY: raw })).toThrow(/WEB_CONCURRENCY/);
  });
  const SECRETS = { JWT_SECRET: 'j'.repeat(32), PII_KEY: 'p'.repeat(32) };
  it('API.md Starting it: NODE_ENV=production refuses the sandbox upstream / demo world unless SANDBOX_IN_PRODUCTION=1', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', ...SECRETS })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', ...SECRETS })).toThrow(/SANDBOX_IN_PRODUCTION=1/);
    expect(() => loadConfig({ NODE_ENV: 'production', ...SECRETS, SANDBOX_FIXTURES: 'w.json' })).toThrow(/SANDBOX_IN_PRODUCTION=1/);
    expect(() => loadConfig({ NODE_ENV: 'production', ...SECRETS, SANDBOX_IN_PRODUCTION: '0' })).toThrow(/SANDBOX_IN_PRODUCTION=1/);
    expect(() => loadConfig({ NODE_ENV: 'production', ...SECRETS, SANDBOX_IN_PRODUCTION: 'yes' })).toThrow(/SANDBOX_IN_PRODUCTION must be 0 or 1/);
  });
  it('production starts with both secrets and SANDBOX_IN_PRODUCTION=1', () => {
    const c = loadConfig({ NODE_ENV: 'production', ...SECRETS, SANDBOX_IN_PRODUCTION: '1' });
    expect(c).toMatchObject({ production: true, sandboxInProduction: true });
  });
  it('API.md WeChat: SANDBOX_LOGIN defaults to 1, and to 0 with NODE_ENV=production; 0 or 1 only', () => {
    expect(loadConfig({}).sandboxLogin).toBe(true);
    expect(loadConfig({ SANDBOX_LOGIN: '0' }).sandboxLogin).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', ...SECRETS, SANDBOX_IN_PRODUCTION: '1' }).sandboxLogin).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', ...SECRETS, SANDBOX_IN_PRODUCTION: '1', SANDBOX_LOGIN: '1' }).sandboxLogin).toBe(true);
    expect(() => loadConfig({ SANDBOX_LOGIN: 'true' })).toThrow(/SANDBOX_LOGIN must be 0 or 1/);
  });
  it('API.md WeChat: WECHAT_APPID with WECHAT_SECRET, WECHAT_API_BASE (default api.weixin.qq.com), WECHAT_TEMPLATE_* (unset: none)', () => {
    const none = loadConfig({});
    expect(none.wechat).toBeUndefined();
    expect(none.wechatApi.base).toBe('https://api.weixin.qq.com');
    expect(none.wechatApi.templates).toEqual({});
    expect(none.wechatApi.deadlineMs).toBeLessThan(10_000);
    const c = loadConfig({ WECHAT_APPID: 'wx1', WECHAT_SECRET: 's', WECHAT_API_BASE: 'http://127.0.0.1:9/', WECHAT_TEMPLATE_INVITATION: 'tplI', WECHAT_TEMPLATE_REFUND: 'tplR' });
    expect(c.wechat).toEqual({ appId: 'wx1', secret: 's' });
    expect(c.wechatApi.base).toBe('http://127.0.0.1:9');
    expect(c.wechatApi.templates).toEqual({ INVITATION: 'tplI', REFUND: 'tplR' });
    expect(() => loadConfig({ WECHAT_APPID: 'wx1' })).toThrow(/WECHAT_APPID and WECHAT_SECRET/);
    expect(() => loadConfig({ WECHAT_API_BASE: 'ftp://x' })).toThrow(/WECHAT_API_BASE/);
  });
});
