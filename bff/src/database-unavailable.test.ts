import { ERROR_MESSAGES } from '@yibao/shared';
import * as net from 'node:net';
import request from 'supertest';
import { createApp } from './app';
import { ManualClock } from './clock';
import { loadConfig } from './config';
import { ephemeralKeys } from './crypto/keys';
import { Pii } from './crypto/pii';
import { openDatabase } from './db/client';
import { DatabaseUnavailableError } from './db/hosts';
import { isDatabaseUnavailable } from './http/errors';
import { createLogger } from './logger';
import { ENGINE, makeApp, TEST_NOW, TestApp, W } from './test/helpers';
import demoWorld from './upstream/sandbox/demo-world.json';
import { SandboxUpstream, validateWorld } from './upstream/sandbox/sandbox';

/** A port nothing listens on (taken and given back). */
async function deadPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

function expectUnavailable(res: request.Response): void {
  expect(res.status).toBe(503);
  expect(res.body).toEqual({ error: { code: 'DATABASE_UNAVAILABLE', message: ERROR_MESSAGES.DATABASE_UNAVAILABLE, retryAfterSeconds: 2 } });
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
}

describe('API.md errors: 503 DATABASE_UNAVAILABLE (no writable database) — what the driver says', () => {
  const pgError = (code: string) => Object.assign(new Error('x'), { code, severity: 'FATAL' });
  const wrapped = (cause: unknown) => Object.assign(new Error('Failed query: insert …\nparams: …'), { cause });

  it.each([
    ['connection refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['connection reset', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ['the server went away mid-query', new Error('Connection terminated unexpectedly')],
    ['pool connect timeout', new Error('Connection terminated due to connection timeout')],
    ['no writable host (several hosts)', new DatabaseUnavailableError('no writable PostgreSQL among a:1, b:2')],
    ['25006 read-only transaction (a standby)', pgError('25006')],
    ['57P01 admin shutdown', pgError('57P01')],
    ['57P02 crash shutdown', pgError('57P02')],
    ['57P03 cannot connect now (starting, recovering)', pgError('57P03')],
    ['08006 connection failure', pgError('08006')],
    ['08P01 protocol violation', pgError('08P01')],
    ['drizzle wrapping any of them', wrapped(wrapped(pgError('57P01')))],
  ])('%s → DATABASE_UNAVAILABLE', (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it.each([
    ['23505 unique violation (a real conflict)', pgError('23505')],
    ['40001 serialization failure', pgError('40001')],
    ['22P02 bad input', pgError('22P02')],
    ['a bug', new TypeError('cannot read properties of undefined')],
    ['not an error', 'Connection terminated'],
  ])('%s → not DATABASE_UNAVAILABLE', (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });
});

describe('API.md errors: a BFF whose database cannot be reached answers 503 DATABASE_UNAVAILABLE with Retry-After, never a 500', () => {
  const cases: [string, () => Promise<string>][] = [
    ['one host', async () => `postgres://postgres@127.0.0.1:${await deadPort()}/test`],
    ['several hosts, read-write', async () => `postgres://postgres@127.0.0.1:${await deadPort()},127.0.0.1:${await deadPort()}/test?target_session_attrs=read-write`],
  ];
  for (const [label, url] of cases) {
    it(`${label}: every endpoint (money ones included) 503; /healthz 503, /livez 200`, async () => {
      const clock = new ManualClock(TEST_NOW);
      const keys = ephemeralKeys();
      const database = await openDatabase({ databaseUrl: await url() });
      const lines: string[] = [];
      try {
        const upstream = SandboxUpstream.attach(database.db, new Pii(keys), clock, validateWorld(demoWorld));
        const config = loadConfig({ NODE_ENV: 'test', STATIC_DIR: '/nonexistent' });
        const logger = createLogger('info', { write: (s: string) => void lines.push(s) });
        const { app, ctx } = createApp({ config, clock, logger, database, upstream, keys });
        const http = () => request(app);
        const citizen = { Authorization: `Bearer ${ctx.tokens.signAccess('citizen', 'u_someone', 900, 'f_someone').token}` };
        const hospital = { Authorization: `Bearer ${ctx.tokens.signAccess('hospital', 'H320102001', 900).token}` };

        expectUnavailable(await http().post('/api/v1/orders').set(citizen).set('Idempotency-Key', 'key-during-failover-1').send({ productId: 'JS-YHB-2027', insured: ['p_x'], payMethod: 'PERSONAL_ACCOUNT' }));
        expectUnavailable(await http().post('/api/v1/auth/login').send({ code: 'sandbox:someone' }));
        expectUnavailable(await http().get('/api/v1/me').set(citizen));
        expectUnavailable(await http().post('/api/v1/hospital/sessions').send({ hospitalId: 'H320102001', secret: 'x' }));
        expectUnavailable(await http().post('/api/v1/hospital/check-ins').set(hospital).send({ token: 'AAAAAAAAAAAAAAAAAAAAAAAA' }));
        expectUnavailable(await http().get('/healthz'));
        const live = await http().get('/livez');
        expect(live.status).toBe(200);
        expect(live.body).toEqual({ status: 'ok' });
        // a warning names the cause, without the query or its values; no "unhandled error"
        const log = lines.join('');
        expect(log).toMatch(/database unavailable/);
        expect(log).not.toMatch(/unhandled error|Failed query/);
      } finally {
        await database.close();
      }
    });
  }
});

/**
 * A TCP proxy in front of the test PostgreSQL: `cut()` drops every connection and refuses new
 * ones (the primary lost), `restore()` listens again on the same port (a primary is back).
 */
class Proxy {
  private server: net.Server | null = null;
  private sockets = new Set<net.Socket>();
  port = 0;
  constructor(private readonly upstream: { host: string; port: number }) {}

  async start(): Promise<void> {
    const server = net.createServer((client) => {
      const up = net.connect(this.upstream.port, this.upstream.host);
      for (const s of [client, up]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(up).pipe(client);
    });
    await new Promise<void>((r) => server.listen(this.port, '127.0.0.1', r));
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    const closed = new Promise((r) => server?.close(r));
    for (const s of this.sockets) s.resetAndDestroy();
    await closed;
  }

  restore(): Promise<void> {
    return this.start();
  }
}

const pgOnly = ENGINE === 'postgres' ? describe : describe.skip;
pgOnly('API.md errors: PostgreSQL lost and back (a failover as the BFF sees it), several hosts in DATABASE_URL', () => {
  let a: TestApp;
  let b: TestApp;
  let proxy: Proxy;
  beforeAll(async () => {
    const base = new URL(process.env.DATABASE_URL!);
    proxy = new Proxy({ host: base.hostname, port: Number(base.port || 5432) });
    await proxy.start();
    a = await makeApp();
    // B reaches the same schema through the proxy, behind a host where nothing listens
    const url = `postgres://${base.username}@127.0.0.1:${await deadPort()},127.0.0.1:${proxy.port}${base.pathname}?target_session_attrs=read-write`;
    b = await makeApp({ shareWith: a, databaseUrl: url });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await proxy?.cut();
  });

  it('503 with Retry-After while it is gone, /healthz 503 and /livez 200; then the same Idempotency-Key charges once, without a restart', async () => {
    const wang = await b.citizen(W.wang);
    const order = (key: string, productId: string) => b.http().post('/api/v1/orders').set(wang.auth).set('Idempotency-Key', key).send({ productId, insured: [wang.personId], payMethod: 'PERSONAL_ACCOUNT' });
    expect((await b.http().get('/healthz')).body).toEqual({ status: 'ok' });
    const before = (await b.http().get('/api/v1/me').set(wang.auth)).body.person.insurance.account;

    await proxy.cut();
    expectUnavailable(await order('during-the-loss', 'JS-YHB-2027'));
    expectUnavailable(await b.http().get('/api/v1/me').set(wang.auth));
    expectUnavailable(await b.http().get('/healthz'));
    expect((await b.http().get('/livez')).status).toBe(200);
    // the other process (its own connections) was not touched: the order was not made
    expect((await a.http().get('/api/v1/orders').set(wang.auth)).body).toHaveLength(0);

    await proxy.restore();
    // the pool dropped its dead connections; the retry under the same key is charged once
    let retried: request.Response | undefined;
    for (let i = 0; i < 50 && retried?.status !== 201; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 100));
      retried = await order('during-the-loss', 'JS-YHB-2027');
      if (retried.status !== 201) expectUnavailable(retried);
    }
    expect(retried?.status).toBe(201);
    const again = await order('during-the-loss', 'JS-YHB-2027');
    expect(again.body.orderId).toBe(retried?.body.orderId);
    expect((await b.http().get('/healthz')).body).toEqual({ status: 'ok' });
    const after = (await a.http().get('/api/v1/me').set(wang.auth)).body.person.insurance.account;
    expect(before.historicalFen + before.currentFen - (after.historicalFen + after.currentFen)).toBe(retried?.body.totalFen);
    expect((await a.http().get('/api/v1/orders').set(wang.auth)).body).toHaveLength(1);
  });
});
