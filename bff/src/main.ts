import cluster from 'node:cluster';
import type { Server } from 'node:http';
import { createApp } from './app';
import { systemClock } from './clock';
import { Config, ConfigError, loadConfig } from './config';
import { loadKeys } from './crypto/keys';
import { Pii } from './crypto/pii';
import { openDatabase } from './db/client';
import { PhoneProofs } from './features/identity/phone';
import { QrStore } from './features/qrcode/store';
import { isDatabaseUnavailable } from './http/errors';
import { createLogger } from './logger';
import { readWorld, SandboxUpstream, WorldFileError } from './upstream/sandbox/sandbox';
import type { World } from '@yibao/shared';

/** Reads env, runs migrations, loads the world, listens. */
async function main(): Promise<void> {
  // API.md Starting it: whatever this process writes (DATA_DIR, the PGlite files, the WAL, the
  // development secrets) is readable by the service's user alone
  process.umask(0o077);
  let config;
  let world;
  try {
    config = loadConfig();
    world = readWorld(config.sandboxFixtures);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof WorldFileError) {
      console.error(`yibao-bff: cannot start: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  if (config.production && config.sandboxInProduction && !cluster.isWorker) warnSandboxInProduction(config, world, logger);
  if (!cluster.isWorker && config.webConcurrency > 1) {
    if (config.databaseUrl) return primary(config, world, logger);
    logger.warn(
      { webConcurrency: config.webConcurrency },
      'WEB_CONCURRENCY needs PostgreSQL (DATABASE_URL): PGlite lives inside one process, so the BFF runs as one process',
    );
  }
  // a worker forked by primary() below (not any cluster worker: under another process manager's
  // cluster mode every process still migrates and loads the world, serialised by advisory locks)
  const worker = cluster.isWorker && process.env[PRIMARY_STARTED_AT] !== undefined;
  const keys = loadKeys(config);
  const clock = systemClock(worker ? workerSandboxNow(config) : config.sandboxNow);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  if (!worker) await whenDatabase(logger, () => database.migrate());
  const upstream = worker
    ? SandboxUpstream.attach(database.db, new Pii(keys), clock, world)
    : await whenDatabase(logger, () => SandboxUpstream.start(database.db, new Pii(keys), clock, world));
  const { app, ctx } = createApp({ config, clock, logger, database, upstream, keys });
  // revoked token families: loaded before the first request, then reloaded every REVOCATION_POLL_MS
  await ctx.revocations.start();
  // subscription messages: every process sends the outbox (rows claimed with a lease)
  ctx.outbox.start();
  const qrStore = new QrStore(ctx.db);
  const phoneProofs = new PhoneProofs(ctx);
  const purge = setInterval(() => {
    ctx.revocations.purge().catch((err: Error) => logger.warn({ err: err.message }, 'revocation purge failed'));
    ctx.limiter.purge().catch((err: Error) => logger.warn({ err: err.message }, 'rate-limit purge failed'));
    qrStore.purge(clock.now()).catch((err: Error) => logger.warn({ err: err.message }, 'QR token purge failed'));
    phoneProofs.purge(clock.now()).catch((err: Error) => logger.warn({ err: err.message }, 'phone proof purge failed'));
    ctx.outbox.purge(clock.now()).catch((err: Error) => logger.warn({ err: err.message }, 'outbox purge failed'));
  }, 10 * 60_000);
  purge.unref();
  const server: Server = app.listen(config.port, () => {
    logger.info(
      {
        port: config.port,
        database: database.kind,
        now: clock.now().toISOString(),
        world: config.sandboxFixtures ?? 'demo',
        ...(worker ? { worker: cluster.worker?.id } : {}),
      },
      worker ? 'yibao-bff worker listening' : 'yibao-bff listening',
    );
  });
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    ctx.revocations.stop();
    server.close(() => {
      ctx.outbox
        .stop()
        .then(() => database.close())
        .finally(() => process.exit(0));
    });
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  if (worker) process.on('disconnect', () => shutdown('primary gone'));
}

/** API.md Starting it: SANDBOX_IN_PRODUCTION=1 says so, loudly, at every start. */
function warnSandboxInProduction(config: Config, world: World, logger: ReturnType<typeof createLogger>): void {
  const demo = readWorld(undefined);
  const published = new Set(demo.hospitals.map((h) => h.secret));
  logger.warn(
    {
      world: config.sandboxFixtures ?? 'demo',
      sandboxLogin: config.sandboxLogin,
      demoHospitalSecrets: world.hospitals.filter((h) => published.has(h.secret)).map((h) => h.hospitalId),
    },
    'SANDBOX_IN_PRODUCTION=1: NODE_ENV=production runs on the sandbox upstream (no real insurance core; the demo world publishes its citizens and hospital secrets)' +
      (config.sandboxLogin ? '; SANDBOX_LOGIN=1 accepts sandbox: sign-in codes' : ''),
  );
}

const PRIMARY_STARTED_AT = 'YIBAO_PRIMARY_STARTED_AT';

/**
 * A process (re)started while PostgreSQL has no primary (during a failover) waits for one, up to
 * two minutes, instead of exiting: each step is one transaction, so a retry starts it again whole.
 */
async function whenDatabase<T>(logger: ReturnType<typeof createLogger>, step: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 120_000;
  for (let attempt = 0; ; attempt++) {
    try {
      return await step();
    } catch (err) {
      if (!isDatabaseUnavailable(err) || Date.now() > deadline) throw err;
      logger.warn({ attempt }, 'no writable database yet: waiting for it');
      await new Promise((r) => setTimeout(r, Math.min(2000, 100 * 2 ** attempt)));
    }
  }
}

/** A worker's sandbox clock is the primary's: SANDBOX_NOW at the primary's start, run on since. */
function workerSandboxNow(config: Config): Date | undefined {
  const startedAt = Number(process.env[PRIMARY_STARTED_AT]);
  if (!config.sandboxNow || !Number.isFinite(startedAt)) return config.sandboxNow;
  return new Date(config.sandboxNow.getTime() + (Date.now() - startedAt));
}

/**
 * WEB_CONCURRENCY > 1 on PostgreSQL: this process generates the development secrets (so every
 * worker derives the same keys from DATA_DIR), runs the migrations and loads the world once, then
 * forks the workers, which share the port (node:cluster) and serve; a worker that dies is replaced
 * (up to 10 times a minute). SIGTERM/SIGINT stop the workers gracefully, then the primary.
 */
async function primary(config: Config, world: World, logger: ReturnType<typeof createLogger>): Promise<void> {
  const startedAt = Date.now();
  const keys = loadKeys(config);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await whenDatabase(logger, () => database.migrate());
    await whenDatabase(logger, () => SandboxUpstream.start(database.db, new Pii(keys), systemClock(config.sandboxNow), world));
  } finally {
    await database.close();
  }
  const fork = () => cluster.fork({ [PRIMARY_STARTED_AT]: String(startedAt) });
  let closing = false;
  let listening = 0;
  let restarts: number[] = [];
  cluster.on('listening', () => {
    if (++listening === config.webConcurrency) {
      logger.info({ port: config.port, database: 'postgres', workers: config.webConcurrency, world: config.sandboxFixtures ?? 'demo' }, 'yibao-bff listening');
    }
  });
  cluster.on('exit', (w, code, signal) => {
    if (closing) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    const now = Date.now();
    restarts = [...restarts.filter((t) => now - t < 60_000), now];
    if (restarts.length > 10) {
      logger.fatal({ worker: w.id, code, signal }, 'workers keep dying (over 10 a minute): stopping');
      process.exit(1);
    }
    logger.error({ worker: w.id, code, signal }, 'worker died: starting another');
    fork();
  });
  for (let i = 0; i < config.webConcurrency; i++) fork();
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down the workers');
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    setTimeout(() => process.exit(0), 6000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  console.error('yibao-bff: cannot start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
