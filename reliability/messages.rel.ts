import { FakeWechat } from '../bff/src/test/fake-wechat';
import { Bff, sleep } from './support/bff';
import { freshDatabase, openSql } from './support/db';
import { ENGINE, failuresOf, section } from './support/figures';
import { Api, isNetworkError, Res } from './support/http';
import { registerCitizens, registerCredential } from './support/privacy';
import { buildWorld } from './support/world';

/**
 * Subscription messages survive kill -9 (API.md WeChat, Messages; issue 16): the built BFF, with a
 * fake WeChat server, under a stream of bindings and consents, each of which queues a message in
 * its own transaction (INVITATION to the invitee, CONSENT to the organizer). WeChat holds every
 * send (in flight, unanswered) while the BFF is killed mid-stream and again with every message
 * still pending; after the last restart, with WeChat answering, every event's message arrives
 * exactly once, and the citizen's calls never waited for WeChat.
 */
const PAIRS = 12;
const s = section('WeChat messages (kill -9 with messages pending)');

const built = buildWorld({
  seed: 16,
  citizens: [
    ...Array.from({ length: PAIRS }, (_, i) => ({ historicalFen: 100_000, currentFen: 0, birth: `198001${String(i + 1).padStart(2, '0')}`, sex: 'M' as const })),
    ...Array.from({ length: PAIRS }, (_, i) => ({ historicalFen: 100_000, currentFen: 0, birth: `198203${String(i + 1).padStart(2, '0')}`, sex: 'F' as const })),
  ],
  productPrices: [1000],
  relations: Array.from({ length: PAIRS }, (_, i) => ({ person: i, relative: PAIRS + i, relation: 'SPOUSE' })),
});
registerCitizens(built.citizens);

let fake: FakeWechat;
let bff: Bff | null = null;
const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  await bff?.dispose();
  await fake?.stop();
  for (const d of drops) await d();
});

it(`${PAIRS} bindings and ${PAIRS} consents, kill -9 mid-stream and with every message pending: each of the ${2 * PAIRS} messages is sent once after the restart`, async () => {
  fake = await new FakeWechat().start();
  registerCredential(fake.secret);
  let dbUrl: string | undefined;
  if (ENGINE === 'postgres') {
    const fresh = await freshDatabase('messages');
    dbUrl = fresh.url;
    drops.push(fresh.drop);
  }
  const env = {
    LOG_LEVEL: 'info',
    WECHAT_APPID: fake.appId,
    WECHAT_SECRET: fake.secret,
    WECHAT_API_BASE: fake.url,
    WECHAT_TEMPLATE_INVITATION: 'tpl-invitation',
    WECHAT_TEMPLATE_CONSENT: 'tpl-consent',
  };
  bff = await Bff.start({ world: built.json, databaseUrl: dbUrl, env });
  const api = new Api(bff.url);
  const t0 = Date.now();

  // everyone signs in with a wx.login code (so WeChat knows their openid) and verifies
  const users: { token: string; openid: string }[] = [];
  for (let i = 0; i < 2 * PAIRS; i++) {
    const openid = `o_rel16_${i}_${Math.random().toString(36).slice(2, 8)}`;
    const login = await api.post('/api/v1/auth/login', { code: fake.loginCode(openid) });
    if (login.status !== 200) throw new Error(`login ${i}: ${login.status} ${login.text}`);
    const c = built.citizens[i];
    const v = await api.post('/api/v1/identity/verify', { name: c.name, idNumber: c.idNumber, phone: c.phone }, { auth: login.body.accessToken });
    if (v.status !== 200) throw new Error(`verify ${i}: ${v.status} ${v.text}`);
    users.push({ token: login.body.accessToken, openid });
  }
  s.note(`setup ${Date.now() - t0} ms`);

  // from here WeChat takes every send and never answers (until released)
  fake.holdSends = true;
  /** A call retried on network errors (the BFF being killed and restarted), as the mini-program does. */
  const slowest = { ms: 0 };
  // calls to a BFF just restarted (cold caches, first statements) are not counted until one has answered
  let cold = false;
  const retried = async (call: () => Promise<Res>): Promise<Res> => {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const started = Date.now();
      const counted = !cold;
      try {
        const res = await call();
        if (res.status !== 503) {
          if (counted) slowest.ms = Math.max(slowest.ms, Date.now() - started);
          cold = false;
          return res;
        }
      } catch (err) {
        if (!isNetworkError(err)) throw err;
      }
      if (Date.now() > deadline) throw new Error('the BFF did not come back');
      await sleep(100);
    }
  };
  let acknowledged = 0;
  let killedMidStream = false;
  const killAt = Math.floor(PAIRS / 2);
  const pair = async (i: number) => {
    const organizer = users[i];
    const member = users[PAIRS + i];
    const c = built.citizens[PAIRS + i];
    // the binding (a retry after a lost answer sees DUPLICATE_MEMBER: the first one was committed)
    const added = await retried(() => api.post('/api/v1/family/members', { name: c.name, idNumber: c.idNumber, relation: 'SPOUSE' }, { auth: organizer.token }));
    if (added.status !== 201 && !(added.status === 422 && added.text.includes('DUPLICATE_MEMBER'))) throw new Error(`add ${i}: ${added.status} ${added.text}`);
    if (++acknowledged === killAt && !killedMidStream) {
      killedMidStream = true;
      cold = true;
      await bff!.kill9();
      await bff!.launch();
    }
    const invites = await retried(() => api.get('/api/v1/family/invitations', { auth: member.token }));
    const invitation = (invites.body as { memberId: string }[])[0];
    if (!invitation) throw new Error(`no invitation for ${i}: ${invites.text}`);
    const accepted = await retried(() => api.post(`/api/v1/family/invitations/${invitation.memberId}/accept`, undefined, { auth: member.token }));
    if (accepted.status !== 200 && accepted.status !== 404) throw new Error(`accept ${i}: ${accepted.status} ${accepted.text}`);
  };
  const queue = Array.from({ length: PAIRS }, (_, i) => i);
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let i = queue.shift(); i !== undefined; i = queue.shift()) await pair(i);
    }),
  );
  s.check(killedMidStream, () => 'the BFF was not killed mid-stream');
  s.check(fake.messages.length === 0, () => `WeChat held every send, yet ${fake.messages.length} arrived`);
  // WeChat never answered during the stream: the citizen's calls did not wait for it (a send's deadline is 5 s)
  s.check(slowest.ms < 5000, () => `a citizen's call took ${slowest.ms} ms while WeChat did not answer`);
  s.figure('slowest citizen call while WeChat hung (ms)', slowest.ms);

  // every message is pending (some in flight at WeChat): kill -9, WeChat answers again, restart
  await bff.kill9();
  // the dead process's sends stay unanswered (WeChat never handled them); new ones are answered
  fake.holdSends = false;
  fake.dropHeld();
  const restarted = Date.now();
  await bff.launch();
  const expected = 2 * PAIRS;
  const deadline = Date.now() + 60_000;
  while (fake.messages.length < expected && Date.now() < deadline) await sleep(100);
  s.figure('seconds from restart to the last message', Math.round((Date.now() - restarted) / 100) / 10);
  s.note(`last message ${Math.round((Date.now() - restarted) / 100) / 10} s after the restart; slowest citizen call while WeChat hung ${slowest.ms} ms`);
  // a graceful stop lets the worker mark what it sent
  await bff.stop();

  // exactly once per event: one INVITATION per invitee, one CONSENT per organizer
  const byEvent = new Map<string, number>();
  for (const m of fake.messages) byEvent.set(`${m.template_id} ${m.touser} ${m.page}`, (byEvent.get(`${m.template_id} ${m.touser} ${m.page}`) ?? 0) + 1);
  for (let i = 0; i < PAIRS; i++) {
    const invitations = fake.messages.filter((m) => m.template_id === 'tpl-invitation' && m.touser === users[PAIRS + i].openid);
    const consents = fake.messages.filter((m) => m.template_id === 'tpl-consent' && m.touser === users[i].openid);
    s.check(invitations.length === 1, () => `pair ${i}: ${invitations.length} INVITATION messages`);
    s.check(consents.length === 1, () => `pair ${i}: ${consents.length} CONSENT messages`);
  }
  s.check(fake.messages.length === expected, () => `${fake.messages.length} messages for ${expected} events`);
  s.check([...byEvent.values()].every((n) => n === 1), () => 'a message was sent twice');
  const sql = await openSql({ dataDir: bff.dataDir, url: dbUrl });
  try {
    const rows = await sql.query<{ total: string; unsent: string }>(`select count(*)::text as total, count(*) filter (where sent_at is null)::text as unsent from outbox`);
    s.check(Number(rows[0].total) === expected && Number(rows[0].unsent) === 0, () => `outbox: ${rows[0].total} rows, ${rows[0].unsent} unsent`);
  } finally {
    await sql.close();
  }
  expect(failuresOf(s)).toEqual([]);
});
