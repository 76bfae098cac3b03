import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Client } from 'pg';
import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../app';
import { ManualClock } from '../clock';
import { DEFAULT_RATE_LIMITS, loadConfig, RateLimits, WechatApiConfig } from '../config';
import type { Ctx } from '../context';
import { ephemeralKeys, Keys } from '../crypto/keys';
import { Pii } from '../crypto/pii';
import { Database, openDatabase } from '../db/client';
import { createLogger } from '../logger';
import demoWorld from '../upstream/sandbox/demo-world.json';
import { SandboxUpstream, validateWorld } from '../upstream/sandbox/sandbox';
import type { FakeWechat } from './fake-wechat';
import { templatePath } from './template';

/** 2026-11-24 10:00 in Shanghai: inside the 2027 enrolment windows of the demo world. */
export const TEST_NOW = '2026-11-24T10:00:00+08:00';
export const ENGINE = process.env.DATABASE_URL ? 'postgres' : 'pglite';

/** The demo world (a copy of shared/fixtures/sandbox.json), deep-copied so a test may edit it. */
export function demo(): typeof demoWorld {
  return JSON.parse(JSON.stringify(demoWorld));
}

/** Citizens of the demo world by the names the tests use. */
export const W = {
  wang: '320102198003140113', // 王建国 EMPLOYEE ACTIVE 320102, 5000.00 + 200.00; organizer
  wangFather: '32030219520708013X', // 王德福 RESIDENT 320302, PARENT of wang
  wangMother: '320302195502210128', // 李秀英 EMPLOYEE 320302, PARENT
  wangWife: '320102198309050145', // 张丽 RESIDENT, SPOUSE
  wangSon: '320102201506120151', // 王小明 RESIDENT, minor CHILD (wang is his PARENT)
  wangSister: '320505198511110165', // 王芳 EMPLOYEE 320505, SIBLING
  wangGrandma: '340102193001010180', // 赵桂兰 RESIDENT 340102 (Anhui), GRANDPARENT
  chen: '320102197804200177', // 陈志强 RESIDENT, no relation to wang
  wangSuspendedParent: '320102195001010194', // 王长林 EMPLOYEE SUSPENDED, PARENT
  liu: '370303197501010217', // 刘海涛 EMPLOYEE Zibo 2000.00 + 50.00
  liuMother: '370303196003030202', // 孙玉梅 NONE, PARENT of liu
  liuSon: '370303201208080231', // 刘子轩 RESIDENT SUSPENDED minor, CHILD
  liuFather: '370303194808080259', // 刘大山 RESIDENT DIBAO_EDGE, PARENT
  liuWife: '370303197707070223', // 周敏 EMPLOYEE 10.00 + 10.00, SPOUSE
  liuBrother: '370303197909090273', // 刘海波 RESIDENT paid 2027, SIBLING
  huang: '320102198202020261', // 黄娟 EMPLOYEE 30.00 + 80.00
  zheng: '320102198808080293', // 郑伟 EMPLOYEE SUSPENDED
  ma: '410102198101010314', // 马超 EMPLOYEE Henan
  qian: '320102197901010332', // 钱进 EMPLOYEE 150.00 + 0
  qianWife: '320102198102020301',
  qianFather: '320302195005050354',
  qianMother: '320302195206060321',
  qianSon: '320102201001010379',
  qianDaughter: '320102201303030340',
  // family S (counter settlement): two organizers sharing a parent
  sun: '320102197603030394', // 孙立新 EMPLOYEE 3000.00 + 100.00; outpatient counters of 2025 (stale)
  sunSister: '320102197808080360', // 孙立红 EMPLOYEE 20.00 + 0, SIBLING of sun
  sunMother: '320102194909090388', // 赵玉兰 RESIDENT, PARENT of sun and of sunSister
  sunWife: '320102197704040401', // 李晓燕 EMPLOYEE 10.00 + 5.00, near the fund's yearly cap; SPOUSE of sun
  sunSon: '320102201806060410', // 孙小宝 RESIDENT SUSPENDED minor, CHILD of sun
} as const;

export interface TestAppOptions {
  world?: unknown;
  now?: string;
  qrTtlSeconds?: number;
  rateLimits?: Partial<RateLimits>;
  env?: NodeJS.ProcessEnv;
  /** Share a database and keys with another app (two BFF processes on one database). */
  shareWith?: TestApp;
  /** With shareWith on PostgreSQL: reach the shared schema through this URL (a proxy, several hosts). */
  databaseUrl?: string;
  /** A fake WeChat server: WECHAT_APPID, WECHAT_SECRET and WECHAT_API_BASE point to it. */
  wechat?: FakeWechat;
  /** The WeChat client's timing (tests shorten it). */
  wechatTiming?: Partial<Omit<WechatApiConfig, 'base' | 'templates'>>;
}

export interface TestApp {
  app: Express;
  ctx: Ctx;
  clock: ManualClock;
  database: Database & { schema?: string };
  keys: Keys;
  world: ReturnType<typeof validateWorld>;
  http: () => ReturnType<typeof request>;
  logs: () => string;
  login: (openid?: string) => Promise<{ accessToken: string; refreshToken: string }>;
  /** A signed-in user verified as the citizen with that ID number. */
  citizen: (idNumber: string) => Promise<{ token: string; personId: string; userId: string; auth: { Authorization: string } }>;
  hospital: (hospitalId?: string) => Promise<{ Authorization: string }>;
  close: () => Promise<void>;
}

let templateBlob: Blob | undefined;

/** A fresh, migrated database: PGlite from the template, or a new schema on DATABASE_URL. */
export async function testDatabase(): Promise<Database & { schema?: string }> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const schema = `t_${crypto.randomBytes(6).toString('hex')}`;
    const admin = new Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const database = await openDatabase({ databaseUrl: url, searchPath: schema, poolSize: 8 });
    await database.migrate();
    return {
      ...database,
      schema,
      close: async () => {
        await database.close();
        const c = new Client({ connectionString: url });
        await c.connect();
        await c.query(`drop schema ${schema} cascade`);
        await c.end();
      },
    };
  }
  templateBlob ??= new Blob([fs.readFileSync(templatePath())]);
  const pg = new PGlite({ loadDataDir: templateBlob });
  return openDatabase({ pglite: pg });
}

export async function makeApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const clock = new ManualClock(opts.now ?? TEST_NOW);
  const world = validateWorld(opts.world ?? demoWorld);
  const keys = opts.shareWith?.keys ?? ephemeralKeys();
  // a second "process" on PostgreSQL gets its own connection pool on the same schema
  const shared = opts.shareWith?.database;
  const database: Database & { schema?: string } = shared
    ? shared.schema
      ? await openDatabase({ databaseUrl: opts.databaseUrl ?? process.env.DATABASE_URL, searchPath: shared.schema, poolSize: 8 })
      : { ...shared, close: async () => undefined }
    : await testDatabase();
  const upstream = await SandboxUpstream.start(database.db, new Pii(keys), clock, world);
  const lines: string[] = [];
  const logger = createLogger('info', { write: (s: string) => void lines.push(s) });
  const fake = opts.wechat ? { WECHAT_APPID: opts.wechat.appId, WECHAT_SECRET: opts.wechat.secret, WECHAT_API_BASE: opts.wechat.url } : {};
  const base = loadConfig({ NODE_ENV: 'test', QR_TTL_SECONDS: String(opts.qrTtlSeconds ?? 60), STATIC_DIR: '/nonexistent', ...fake, ...opts.env });
  const config = {
    ...base,
    wechatApi: { ...base.wechatApi, ...opts.wechatTiming },
    rateLimits: { ...DEFAULT_RATE_LIMITS, loginPerOpenid: { limit: 1000, windowMs: 60_000 }, ...opts.rateLimits },
  };
  const { app, ctx } = createApp({ config, clock, logger, database, upstream, keys });
  await ctx.revocations.start();
  const http = () => request(app);
  let n = 0;
  const login = async (openid = `t${++n}_${crypto.randomBytes(4).toString('hex')}`) => {
    const res = await http().post('/api/v1/auth/login').send({ code: `sandbox:${openid}` });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { accessToken: string; refreshToken: string };
  };
  const citizen = async (idNumber: string) => {
    const c = world.citizens.find((x) => x.idNumber === idNumber);
    if (!c) throw new Error(`no citizen ${idNumber.slice(0, 3)}… in the world`);
    // one account per citizen and app: signing in again gives a fresh token for the same user
    const { accessToken } = await login('c_' + crypto.createHash('sha256').update(c.idNumber).digest('hex').slice(0, 16));
    const auth = { Authorization: `Bearer ${accessToken}` };
    let me = await http().get('/api/v1/me').set(auth);
    if (!me.body.verified) {
      const v = await http().post('/api/v1/identity/verify').set(auth).send({ name: c.name, idNumber: c.idNumber, phone: c.phone });
      if (v.status !== 200) throw new Error(`verify failed: ${v.status} ${JSON.stringify(v.body)}`);
      me = await http().get('/api/v1/me').set(auth);
    }
    return { token: accessToken, personId: me.body.person.personId as string, userId: me.body.userId as string, auth };
  };
  const hospital = async (hospitalId = world.hospitals[0].hospitalId) => {
    const h = world.hospitals.find((x) => x.hospitalId === hospitalId)!;
    const res = await http().post('/api/v1/hospital/sessions').send({ hospitalId, secret: h.secret });
    if (res.status !== 200) throw new Error(`hospital session failed: ${res.status}`);
    return { Authorization: `Bearer ${res.body.accessToken}` };
  };
  return {
    app,
    ctx,
    clock,
    database,
    keys,
    world,
    http,
    logs: () => lines.join(''),
    login,
    citizen,
    hospital,
    close: async () => {
      ctx.revocations.stop();
      await ctx.outbox.stop();
      return database.close();
    },
  };
}
