import * as fs from 'node:fs';
import * as path from 'node:path';
import express, { Express, RequestHandler } from 'express';
import helmet from 'helmet';
import { buildContext, Ctx, Deps } from './context';
import { docsRouter } from './docs/routes';
import { accountRouter } from './features/account/routes';
import { authRouter } from './features/auth/routes';
import { familyRouter } from './features/family/routes';
import { hospitalRouter } from './features/hospital/routes';
import { identityRouter } from './features/identity/routes';
import { noticesRouter } from './features/notices/routes';
import { ordersRouter } from './features/orders/routes';
import { productsRouter } from './features/products/routes';
import { qrcodeRouter } from './features/qrcode/routes';
import { settlementsRouter } from './features/settlements/routes';
import { citizenAuth } from './http/auth';
import { byFirstSegment } from './http/dispatch';
import { databaseUnavailable, errorHandler, notFoundHandler } from './http/errors';
import { checkResponses, replyError } from './http/respond';
import { logPath } from './logger';

export const BODY_LIMIT = '64kb'; // 64 KiB: over it, 413 PAYLOAD_TOO_LARGE

/** The Express app over its dependencies (routes are thin: decisions come from `shared`). */
export function createApp(deps: Deps): { app: Express; ctx: Ctx } {
  const ctx = buildContext(deps);
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', /^\d+$/.test(deps.config.trustProxy) ? Number(deps.config.trustProxy) : deps.config.trustProxy);
  app.use(helmet());
  app.use(requestLog(ctx));

  checkResponses(app, !deps.config.production);
  // API.md "Starting it": /healthz is 503 while no writable database answers (a load balancer
  // takes the process out), /livez is 200 while the process runs (a supervisor keeps it)
  app.get('/healthz', async (_req, res) => {
    if (await deps.database.writable()) {
      res.json({ status: 'ok' });
      return;
    }
    const error = databaseUnavailable();
    res.set(error.options.headers);
    replyError(res, error.status, error.body());
  });
  app.get('/livez', (_req, res) => {
    res.json({ status: 'ok' });
  });

  const api = express.Router();
  api.use(express.json({ limit: BODY_LIMIT }));
  api.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  api.use('/docs', docsRouter());

  const auth = citizenAuth(ctx.tokens, ctx.db, ctx.revocations);
  const features = [
    authRouter(ctx, auth),
    identityRouter(ctx, auth),
    accountRouter(ctx, auth),
    familyRouter(ctx, auth),
    productsRouter(ctx, auth),
    ordersRouter(ctx, auth),
    qrcodeRouter(ctx, auth),
    hospitalRouter(ctx),
    settlementsRouter(ctx, auth),
    noticesRouter(ctx),
  ];
  api.use('/v1', byFirstSegment(features));
  api.use(notFoundHandler);
  app.use('/api', api);

  const deskDir = deps.config.deskDir;
  if (fs.existsSync(path.join(deskDir, 'index.html'))) app.use('/desk', deskStatic(deskDir));

  const staticDir = deps.config.staticDir;
  if (fs.existsSync(path.join(staticDir, 'index.html'))) {
    app.use(express.static(staticDir, { index: 'index.html' }));
  }
  app.use(notFoundHandler);
  app.use(errorHandler(ctx.logger));
  return { app, ctx };
}

/**
 * The hospital desk (医保窗口) at /desk/: a strict Content-Security-Policy (its own scripts and
 * styles only, no inline code, no eval, API calls to this origin only, no framing), the camera
 * allowed to this origin alone, and index.html never cached (the hashed assets may be).
 */
export const DESK_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function deskStatic(dir: string): RequestHandler {
  const files = express.static(dir, {
    index: 'index.html',
    setHeaders: (res, file) => {
      res.set('Cache-Control', path.basename(file) === 'index.html' ? 'no-cache' : 'public, max-age=31536000, immutable');
    },
  });
  return (req, res, next) => {
    res.set('Content-Security-Policy', DESK_CSP);
    res.set('Permissions-Policy', 'camera=(self), microphone=(), geolocation=()');
    res.set('Referrer-Policy', 'no-referrer');
    files(req, res, next);
  };
}

/** One structured line per request: method, path (no query), status, time. Never bodies or headers. */
function requestLog(ctx: Ctx): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const line = { method: req.method, path: logPath(req.originalUrl), status: res.statusCode, ms: Math.round(ms * 10) / 10 };
      // a phone showing a 医保码 asks GET /qrcodes/current once a second (#14 finding 7): its answers at debug
      if (res.statusCode === 200 && req.method === 'GET' && line.path === '/api/v1/qrcodes/current') ctx.logger.debug(line, 'request');
      else ctx.logger.info(line, 'request');
    });
    next();
  };
}
