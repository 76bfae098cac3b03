import { BINDING_LIMIT } from '@yibao/shared';
import * as path from 'node:path';
import { parseDatabaseUrl } from './db/hosts';

/** Limits kept in the database (so they hold across processes): at most `limit` per `windowMs`. */
export interface RateLimit {
  limit: number;
  windowMs: number;
}

export interface RateLimits {
  loginPerOpenid: RateLimit;
  loginPerIp: RateLimit;
  refreshPerIp: RateLimit;
  verifyPerUser: RateLimit;
  /** POST /identity/phone per user (each one is a WeChat call). */
  phonePerUser: RateLimit;
  hospitalSessionPerHospital: RateLimit;
  /** Wrong hospital secrets per hospital *and* caller address (API.md Hospitals). */
  hospitalSessionFailuresPerAddress: RateLimit;
  hospitalSessionPerIp: RateLimit;
  /** P-FAM-11: failed binding attempts per user. */
  bindingFailuresPerUser: RateLimit;
}

/**
 * Generous for people and test suites, tight for guessing: a hospital secret is locked for a
 * minute for an address after 10 wrong ones from there (never for other addresses); real-name
 * failures have their own 24 h lock (P-ID-6).
 */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  loginPerOpenid: { limit: 100, windowMs: 60_000 },
  loginPerIp: { limit: 5000, windowMs: 60_000 },
  refreshPerIp: { limit: 5000, windowMs: 60_000 },
  verifyPerUser: { limit: 30, windowMs: 60 * 60_000 },
  phonePerUser: { limit: 20, windowMs: 60 * 60_000 },
  hospitalSessionPerHospital: { limit: 300, windowMs: 60_000 },
  hospitalSessionFailuresPerAddress: { limit: 10, windowMs: 60_000 },
  hospitalSessionPerIp: { limit: 3000, windowMs: 60_000 },
  bindingFailuresPerUser: { limit: BINDING_LIMIT.maxFailures, windowMs: BINDING_LIMIT.windowMs },
};

export interface Config {
  nodeEnv: string;
  production: boolean;
  port: number;
  /** Folder of the embedded database and, in development, of the generated secrets. */
  dataDir: string;
  databaseUrl?: string;
  sandboxFixtures?: string;
  sandboxNow?: Date;
  qrTtlSeconds: number;
  /** The H5 build of the mini-program, served at `/` when the folder exists. */
  staticDir: string;
  /** The hospital desk (医保窗口) build, served at `/desk/` when the folder exists. */
  deskDir: string;
  logLevel: string;
  /**
   * Express 'trust proxy' (TRUST_PROXY), so that per-address limits see the client behind a proxy.
   * Default `loopback`: X-Forwarded-For is believed from a proxy on this host only.
   */
  trustProxy: string;
  /** Secrets from the environment (required in production). */
  jwtSecret?: string;
  piiKey?: string;
  /** WECHAT_APPID + WECHAT_SECRET: real wx.login codes are exchanged with WeChat (unset: only sandbox codes sign in). */
  wechat?: { appId: string; secret: string };
  /** WECHAT_API_BASE, WECHAT_TEMPLATE_*, and the client's timing (API.md WeChat). */
  wechatApi: WechatApiConfig;
  rateLimits: RateLimits;
  /** Access-token lifetime (≤ 15 min). */
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
  hospitalTtlSeconds: number;
  /**
   * SANDBOX_LOGIN: `sandbox:<openid>` sign-in codes are accepted (1) or refused with 401 (0).
   * Default 1, and 0 with NODE_ENV=production (API.md, WeChat).
   */
  sandboxLogin: boolean;
  /**
   * SANDBOX_IN_PRODUCTION=1: NODE_ENV=production runs on the sandbox upstream on purpose (a warning
   * is logged at start). Without it production refuses to start: the sandbox upstream, with the
   * demo world's published hospital secrets, is all this BFF has (API.md, Starting it).
   */
  sandboxInProduction: boolean;
  /** How often each process reloads the revoked token families from the database (ms). */
  revocationPollMs: number;
  /**
   * WEB_CONCURRENCY: HTTP worker processes (node:cluster) sharing the port; 1 = one process, as
   * before. Needs PostgreSQL (PGlite lives inside one process): with PGlite it runs as 1, warning.
   */
  webConcurrency: number;
}

/** Subscription-message kinds (API.md WeChat, Messages); each has its template id or none. */
export const MESSAGE_KINDS = ['INVITATION', 'CONSENT', 'FAMILY_PAYMENT', 'REFUND'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export interface WechatApiConfig {
  /** WECHAT_API_BASE, without a trailing slash (default https://api.weixin.qq.com). */
  base: string;
  /** WECHAT_TEMPLATE_<KIND>: unset → that kind of message is never sent (nor queued). */
  templates: Partial<Record<MessageKind, string>>;
  /** One HTTP attempt's timeout (ms). */
  attemptTimeoutMs: number;
  /** Every attempt and backoff of one call together: a caller has its answer (or 503) within this (ms). */
  deadlineMs: number;
  /** Attempts of one call (network errors, 5xx and errcode -1 are tried again; client errors never). */
  attempts: number;
  /** First backoff between attempts (ms), doubled each time. */
  backoffMs: number;
}

export class ConfigError extends Error {}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === '1') return true;
  if (raw === '0') return false;
  throw new ConfigError(`${name} must be 0 or 1, got ${JSON.stringify(raw)}`);
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  return n;
}

const BFF_ROOT = path.resolve(__dirname, '..');

/**
 * RATE_LIMITS=`name=limit/windowSeconds,…` overrides some of DEFAULT_RATE_LIMITS (e.g. tighter
 * limits so that a flood test reaches them quickly); unnamed limits keep their defaults.
 */
export function parseRateLimits(raw: string | undefined): RateLimits {
  const limits: RateLimits = { ...DEFAULT_RATE_LIMITS };
  if (!raw) return limits;
  for (const part of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([A-Za-z]+)=(\d{1,7})\/(\d{1,7})$/.exec(part);
    const name = m?.[1] as keyof RateLimits | undefined;
    if (!m || !name || !Object.prototype.hasOwnProperty.call(DEFAULT_RATE_LIMITS, name) || Number(m[2]) < 1 || Number(m[3]) < 1) {
      throw new ConfigError(`RATE_LIMITS: ${JSON.stringify(part)} must be name=limit/windowSeconds (positive integers) with a name among ${Object.keys(DEFAULT_RATE_LIMITS).join(', ')}`);
    }
    limits[name] = { limit: Number(m[2]), windowMs: Number(m[3]) * 1000 };
  }
  return limits;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Config {
  const nodeEnv = env.NODE_ENV || 'development';
  const production = nodeEnv === 'production';
  let sandboxNow: Date | undefined;
  if (env.SANDBOX_NOW) {
    const t = Date.parse(env.SANDBOX_NOW);
    if (Number.isNaN(t)) throw new ConfigError(`SANDBOX_NOW must be an ISO-8601 instant, got ${JSON.stringify(env.SANDBOX_NOW)}`);
    sandboxNow = new Date(t);
  }
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new ConfigError('DATABASE_URL must be a postgres:// URL');
  if (databaseUrl) {
    try {
      parseDatabaseUrl(databaseUrl);
    } catch (err) {
      throw new ConfigError((err as Error).message);
    }
  }
  const jwtSecret = env.JWT_SECRET || undefined;
  const piiKey = env.PII_KEY || undefined;
  for (const [name, value] of [['JWT_SECRET', jwtSecret], ['PII_KEY', piiKey]] as const) {
    if (value !== undefined && value.length < 32) throw new ConfigError(`${name} must be at least 32 characters`);
  }
  if (production && (!jwtSecret || !piiKey)) {
    throw new ConfigError('NODE_ENV=production needs JWT_SECRET and PII_KEY in the environment (at least 32 random characters each)');
  }
  const sandboxInProduction = flag(env, 'SANDBOX_IN_PRODUCTION', false);
  if (production && !sandboxInProduction) {
    throw new ConfigError(
      'NODE_ENV=production refuses to start on the sandbox upstream (its world, the demo one by default, publishes its citizens and hospital secrets, and it signs in sandbox: codes); ' +
        'this BFF has no other upstream yet: set SANDBOX_IN_PRODUCTION=1 to run it in production on purpose',
    );
  }
  const wechat = env.WECHAT_APPID && env.WECHAT_SECRET ? { appId: env.WECHAT_APPID, secret: env.WECHAT_SECRET } : undefined;
  if (Boolean(env.WECHAT_APPID) !== Boolean(env.WECHAT_SECRET)) throw new ConfigError('WECHAT_APPID and WECHAT_SECRET go together: set both or neither');
  const base = (env.WECHAT_API_BASE || 'https://api.weixin.qq.com').replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s]+$/.test(base)) throw new ConfigError(`WECHAT_API_BASE must be an http(s) URL, got ${JSON.stringify(env.WECHAT_API_BASE)}`);
  const templates: Partial<Record<MessageKind, string>> = {};
  for (const kind of MESSAGE_KINDS) {
    const id = env[`WECHAT_TEMPLATE_${kind}`];
    if (id) templates[kind] = id;
  }
  return {
    nodeEnv,
    production,
    port: integer(env, 'PORT', 3000, 0, 65535),
    dataDir: path.resolve(cwd, env.DATA_DIR || './data'),
    databaseUrl,
    sandboxFixtures: env.SANDBOX_FIXTURES ? path.resolve(cwd, env.SANDBOX_FIXTURES) : undefined,
    sandboxNow,
    qrTtlSeconds: integer(env, 'QR_TTL_SECONDS', 60, 1, 24 * 3600),
    staticDir: env.STATIC_DIR ? path.resolve(cwd, env.STATIC_DIR) : path.resolve(BFF_ROOT, '../miniapp/dist/h5'),
    deskDir: env.DESK_DIR ? path.resolve(cwd, env.DESK_DIR) : path.resolve(BFF_ROOT, '../desk/dist'),
    logLevel: env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info'),
    trustProxy: env.TRUST_PROXY || 'loopback',
    jwtSecret,
    piiKey,
    wechat,
    wechatApi: { base, templates, attemptTimeoutMs: 2500, deadlineMs: 7000, attempts: 3, backoffMs: 200 },
    rateLimits: parseRateLimits(env.RATE_LIMITS),
    accessTtlSeconds: integer(env, 'ACCESS_TTL_SECONDS', 900, 10, 900),
    refreshTtlSeconds: integer(env, 'REFRESH_TTL_SECONDS', 30 * 24 * 3600, 60, 90 * 24 * 3600),
    hospitalTtlSeconds: integer(env, 'HOSPITAL_TTL_SECONDS', 900, 10, 900),
    webConcurrency: integer(env, 'WEB_CONCURRENCY', 1, 1, 64),
    sandboxLogin: flag(env, 'SANDBOX_LOGIN', !production),
    sandboxInProduction,
    revocationPollMs: integer(env, 'REVOCATION_POLL_MS', 2000, 100, 60_000),
  };
}
