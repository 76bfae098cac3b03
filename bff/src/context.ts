import { suspension } from '@yibao/shared';
import type { RequestHandler } from 'express';
import type { Clock } from './clock';
import type { Config } from './config';
import type { Keys } from './crypto/keys';
import { Pii } from './crypto/pii';
import type { Database, Db } from './db/client';
import { Revocations } from './features/auth/revocations';
import { Tokens } from './features/auth/tokens';
import { AppError } from './http/errors';
import { RateLimiter } from './http/rate-limit';
import type { Logger } from './logger';
import { People } from './people/people';
import type { Upstream } from './upstream/types';
import { OutboxWorker } from './wechat/outbox';
import { Wechat } from './wechat/wechat';

/** What createApp needs from outside. */
export interface Deps {
  config: Config;
  clock: Clock;
  logger: Logger;
  database: Database;
  upstream: Upstream;
  keys: Keys;
}

/** Deps plus the services every feature shares. */
export interface Ctx extends Deps {
  db: Db;
  pii: Pii;
  tokens: Tokens;
  people: People;
  limiter: RateLimiter;
  /** Revoked token families (logout, reused refresh tokens), reloaded by every process. */
  revocations: Revocations;
  /** WeChat's server API (sign-in, access_token, phone, messages). */
  wechat: Wechat;
  /** Sends the subscription-message outbox (started by main; `nudge()` after a commit that queued one). */
  outbox: OutboxWorker;
  /** P-OPS-1: 503 SERVICE_SUSPENDED with resumesAt during a maintenance window. */
  suspendable: RequestHandler;
}

export function buildContext(deps: Deps): Ctx {
  const db = deps.database.db;
  const pii = new Pii(deps.keys);
  const suspendable: RequestHandler = (_req, _res, next) => {
    const s = suspension(deps.upstream.catalog().maintenance, deps.clock.now());
    if (s.suspended) throw new AppError(503, 'SERVICE_SUSPENDED', { extra: { resumesAt: s.resumesAt } });
    next();
  };
  const wechat = new Wechat(deps.config, db, pii, deps.clock, deps.logger);
  return {
    ...deps,
    db,
    pii,
    tokens: new Tokens(deps.keys, deps.clock),
    people: new People(db, pii, deps.upstream, deps.clock),
    limiter: new RateLimiter(db, deps.clock),
    revocations: new Revocations(db, deps.clock, { pollMs: deps.config.revocationPollMs, accessTtlSeconds: deps.config.accessTtlSeconds, logger: deps.logger }),
    wechat,
    outbox: new OutboxWorker(db, wechat, deps.clock, deps.logger, pii),
    suspendable,
  };
}

/** A PostgreSQL unique violation, through drizzle's error wrapper. */
export function isUniqueViolation(err: unknown): boolean {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, i = 0; e && i < 5; e = e.cause as typeof e, i++) {
    if (e.code === '23505') return true;
  }
  return false;
}
