import type { Server } from 'node:http';
import { createApp } from './app';
import { systemClock } from './clock';
import { ConfigError, loadConfig } from './config';
import { loadKeys } from './crypto/keys';
import { Pii } from './crypto/pii';
import { openDatabase } from './db/client';
import { Code2SessionWechat, SandboxWechat } from './features/auth/wechat';
import { createLogger } from './logger';
import { readWorld, SandboxUpstream, WorldFileError } from './upstream/sandbox/sandbox';

/** Reads env, runs migrations, loads the world, listens. */
async function main(): Promise<void> {
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
  const keys = loadKeys(config);
  const clock = systemClock(config.sandboxNow);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await database.migrate();
  const upstream = await SandboxUpstream.start(database.db, new Pii(keys), clock, world);
  const wechat = config.wechat ? new Code2SessionWechat(config.wechat.appId, config.wechat.secret) : new SandboxWechat();
  const { app, ctx } = createApp({ config, clock, logger, database, upstream, keys, wechat });
  const purge = setInterval(() => {
    ctx.limiter.purge().catch((err: Error) => logger.warn({ err: err.message }, 'rate-limit purge failed'));
  }, 10 * 60_000);
  purge.unref();
  const server: Server = app.listen(config.port, () => {
    logger.info(
      { port: config.port, database: database.kind, now: clock.now().toISOString(), world: config.sandboxFixtures ?? 'demo' },
      'yibao-bff listening',
    );
  });
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    server.close(() => {
      database.close().finally(() => process.exit(0));
    });
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  console.error('yibao-bff: cannot start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
