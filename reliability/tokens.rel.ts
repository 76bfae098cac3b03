import * as crypto from 'node:crypto';
import jwt from 'jsonwebtoken';
import { epochSeconds } from '../bff/src/clock';
import { AUDIENCE, ISSUER } from '../bff/src/features/auth/tokens';
import { bind } from '../bff/src/test/family-setup';
import { W } from '../bff/src/test/helpers';
import { failuresOf, section } from './support/figures';
import type { Res } from './support/http';
import { startInProc, InProc } from './support/inproc';
import { Bff, sleep } from './support/bff';
import { freshDatabase } from './support/db';
import { ENGINE } from './support/figures';
import { Api } from './support/http';
import { registerCitizens, registerCredential } from './support/privacy';
import { buildWorld } from './support/world';
import { scanLogs } from './support/privacy';

/**
 * Hostile tokens: alg none, HS256 under a guessed or a public key, another algorithm, expired,
 * not yet valid, the other audience (citizen ↔ hospital ↔ QR), wrong issuer, truncated,
 * oversized, naming nobody — on every endpoint that takes a token: all 401 UNAUTHENTICATED.
 * A valid token on the same endpoints is not 401 (so each case can fail). Revocation (issue 18):
 * after POST /auth/logout or a reused refresh token, the family's access tokens are refused at once
 * by the process that revoked it and, by every other process, within REVOCATION_POLL_MS (2 s) plus
 * one query — checked with two app instances (own caches, own pools) on both engines and, on
 * PostgreSQL, with two BFF processes.
 */
const s = section('Hostile: forged and broken tokens');
let x: InProc;
let wang: { personId: string; userId: string; auth: { Authorization: string } };
let memberId: string;
let hospitalToken: string;

beforeAll(async () => {
  x = await startInProc();
  wang = await x.t.citizen(W.wang);
  memberId = (await bind(x.t, wang.auth, W.wangFather, 'PARENT')).memberId; // pending: a real id to aim at
  hospitalToken = (await x.t.hospital()).Authorization.slice('Bearer '.length);
});
afterAll(() => x?.close());

type Call = [method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: () => string, body?: () => unknown];
const CITIZEN: Call[] = [
  ['GET', () => '/api/v1/me'],
  ['POST', () => '/api/v1/identity/verify', () => ({ name: '王建国', idNumber: W.wang, phone: '13800000001' })],
  ['POST', () => '/api/v1/family/members', () => ({ name: '王小明', idNumber: W.wangSon, relation: 'CHILD' })],
  ['GET', () => '/api/v1/family/members'],
  ['PUT', () => '/api/v1/family/modes', () => ({ pay: true, premium: true })],
  ['GET', () => '/api/v1/family/invitations'],
  ['POST', () => `/api/v1/family/invitations/${memberId}/accept`],
  ['POST', () => `/api/v1/family/invitations/${memberId}/decline`],
  ['DELETE', () => `/api/v1/family/members/${memberId}`],
  ['GET', () => '/api/v1/products'],
  ['POST', () => '/api/v1/eligibility', () => ({ productId: 'JS-YHB-2027', insured: [wang.personId] })],
  ['POST', () => '/api/v1/orders', () => ({ productId: 'JS-YHB-2027', insured: [wang.personId], payMethod: 'SELF_PAY' })],
  ['GET', () => '/api/v1/orders'],
  ['GET', () => '/api/v1/orders/o_doesnotexist'],
  ['POST', () => '/api/v1/qrcodes', () => ({ personId: wang.personId })],
  ['GET', () => `/api/v1/qrcodes/current?personId=${encodeURIComponent(wang.personId)}`],
  ['POST', () => '/api/v1/auth/logout'], // last: the valid token logs out, ending its family
];
const HOSPITAL: Call[] = [['POST', () => '/api/v1/hospital/check-ins', () => ({ token: 'not-a-qr-token' })]];

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const now = () => epochSeconds(x.t.clock.now());

/** Bad tokens for an audience; `sub` is a real subject, so only the flaw itself is on trial. */
function badTokens(aud: string, sub: string): [string, string][] {
  const key = x.t.keys.access;
  const claims = (extra: Record<string, unknown> = {}) => ({ sub, iat: now(), exp: now() + 600, iss: ISSUER, aud, ...extra });
  const sign = (payload: object, k: jwt.Secret | crypto.KeyObject = key, alg: jwt.Algorithm = 'HS256') => jwt.sign(payload, k as jwt.Secret, { algorithm: alg });
  const good = sign(claims());
  const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const otherAud = aud === AUDIENCE.citizen ? AUDIENCE.hospital : AUDIENCE.citizen;
  const [h, p, sig] = good.split('.');
  return [
    ['alg none, no signature', `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`],
    ['alg none, with a signature', `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.${sig}`],
    ['alg NONE (case)', `${b64({ alg: 'NONE', typ: 'JWT' })}.${b64(claims())}.`],
    ['HS256, guessed key "secret"', sign(claims(), 'secret')],
    ['HS256, guessed key "yibao-bff"', sign(claims(), 'yibao-bff')],
    ['HS256, guessed key "changeme"', sign(claims(), 'changeme-changeme-changeme-changeme')],
    ['HS256, an RSA public key as the HMAC secret', sign(claims(), publicPem)],
    ['RS256, a key of the attacker', sign(claims(), privateKey, 'RS256')],
    ['HS384 under the real key', sign(claims(), key, 'HS384')],
    ['HS512 under the real key', sign(claims(), key, 'HS512')],
    ['expired', sign(claims({ iat: now() - 3600, exp: now() - 1 }))],
    ['expired long ago', sign(claims({ iat: now() - 86400 * 30, exp: now() - 86400 * 29 }))],
    ['not yet valid (nbf)', sign(claims({ nbf: now() + 3600 }))],
    ['other audience', sign(claims({ aud: otherAud }))],
    ['QR audience (the JWT e-vouchers of old)', sign(claims({ aud: 'yibao-qr' }))],
    ['no audience', sign({ sub, iat: now(), exp: now() + 600, iss: ISSUER })],
    ['wrong issuer', sign(claims({ iss: 'evil-issuer' }))],
    ['no issuer', sign({ sub, iat: now(), exp: now() + 600, aud })],
    ['no expiry', sign({ sub, iat: now(), iss: ISSUER, aud })],
    ['signed with the QR key', sign(claims(), x.t.keys.qr)],
    ['subject nobody', sign(claims({ sub: 'u_nobody000000000000000' }))],
    ['subject empty', sign(claims({ sub: '' }))],
    ['subject a number', sign(claims({ sub: 12345 }))],
    ['subject an object', sign(claims({ sub: { userId: sub } }))],
    ['payload altered, signature kept', `${h}.${b64(claims({ sub: 'u_other', exp: now() + 99999 }))}.${sig}`],
    ['header altered, signature kept', `${b64({ alg: 'HS256', typ: 'JWT', kid: '../../etc/passwd' })}.${p}.${sig}`],
    ['signature flipped', `${h}.${p}.${sig.slice(0, -2)}${sig.slice(-2) === 'AA' ? 'AB' : 'AA'}`],
    ['truncated by one character', good.slice(0, -1)],
    ['truncated: no signature', `${h}.${p}`],
    ['truncated: header only', h],
    ['truncated: half', good.slice(0, Math.floor(good.length / 2))],
    ['empty signature', `${h}.${p}.`],
    ['four parts', `${good}.${sig}`],
    ['oversized: 4 KiB claim, signed with the real key', sign(claims({ pad: 'x'.repeat(4096) }))],
    ['oversized: 12 KiB of base64url', crypto.randomBytes(9000).toString('base64url')],
    ['oversized: valid token padded with 10 000 dots', `${good}${'.'.repeat(10_000)}`],
    ['not base64', '!!!.@@@.###'],
    ['JSON instead of a JWT', JSON.stringify(claims())],
    // raw UTF-8 bytes in the header (what a client that does not encode would send)
    ['non-ASCII', Buffer.from('令牌.令牌.令牌').toString('latin1')],
  ];
}

function headerVariants(valid: string): [string, Record<string, string>][] {
  return [
    ['no Authorization header', {}],
    ['Bearer without a token', { Authorization: 'Bearer ' }],
    ['Basic scheme with the token', { Authorization: `Basic ${valid}` }],
    ['token without a scheme', { Authorization: valid }],
    ['Bearer with a space inside the token', { Authorization: `Bearer ${valid.slice(0, 10)} ${valid.slice(10)}` }],
    ['Bearer twice', { Authorization: `Bearer Bearer ${valid}` }],
  ];
}

async function send(call: Call, headers: Record<string, string>): Promise<Res> {
  const [method, path, body] = call;
  const res = await fetch(x.api.base + path(), {
    method,
    headers: { ...headers, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body()) : undefined,
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, body: parsed, text, headers: res.headers };
}

function attack(kind: 'citizen' | 'hospital', calls: Call[], who: () => { aud: string; sub: string; valid: string; other: string }) {
  it(`${kind} endpoints: every bad token is 401 UNAUTHENTICATED, a valid one is not`, async () => {
    const { aud, sub, valid, other } = who();
    for (const call of calls) {
      const label = `${call[0]} ${call[1]()}`;
      const ok = await send(call, { Authorization: `Bearer ${valid}` });
      s.check(ok.status !== 401 && ok.status < 500, () => `${label}: the valid token got ${ok.status}`);
      const cases: [string, Record<string, string>][] = [
        ...badTokens(aud, sub).map(([name, token]) => [name, { Authorization: `Bearer ${token}` }] as [string, Record<string, string>]),
        ...headerVariants(valid),
        [`a ${kind === 'citizen' ? 'hospital' : 'citizen'} token (the other kind)`, { Authorization: `Bearer ${other}` }],
      ];
      for (const [name, headers] of cases) {
        let res: Res;
        try {
          res = await send(call, headers);
        } catch (err) {
          s.fail(`${label} / ${name}: request failed: ${String(err)}`);
          continue;
        }
        s.check(res.status === 401 && res.body?.error?.code === 'UNAUTHENTICATED', () => `${label} / ${name}: ${res.status} ${res.text.slice(0, 120)}`);
      }
    }
    expect(failuresOf(s)).toEqual([]);
  });
}

attack('citizen', CITIZEN, () => ({ aud: AUDIENCE.citizen, sub: wang.userId, valid: wang.auth.Authorization.slice('Bearer '.length), other: hospitalToken }));
attack('hospital', HOSPITAL, () => ({ aud: AUDIENCE.hospital, sub: 'H320102001', valid: hospitalToken, other: wang.auth.Authorization.slice('Bearer '.length) }));

it('a token beyond the 16 KiB header limit of Node\'s HTTP parser is refused before the app (431), never accepted', async () => {
  const huge = `${wang.auth.Authorization.slice('Bearer '.length)}${'A'.repeat(17 * 1024)}`;
  for (const call of CITIZEN.slice(0, 3)) {
    const res = await send(call, { Authorization: `Bearer ${huge}` }).catch((err: Error) => err);
    s.check(!(res instanceof Error) && res.status === 431, () => `${call[0]} ${call[1]()} with a 17 KiB token: ${res instanceof Error ? res.message : res.status}`);
  }
  expect(failuresOf(s)).toEqual([]);
});

/** Polls `probe` until it answers 401; the milliseconds that took (or -1 after `limitMs`). */
async function refusedWithin(probe: () => Promise<Res>, limitMs: number): Promise<number> {
  const since = Date.now();
  while (Date.now() - since < limitMs) {
    if ((await probe()).status === 401) return Date.now() - since;
    await sleep(25);
  }
  return -1;
}

describe('revocation (issue 18): logout and a reused refresh token end the family\'s access tokens at once, in every process', () => {
  const POLL_MS = 2000; // REVOCATION_POLL_MS default
  const BOUND_MS = POLL_MS + 1000; // one poll, one query, a loaded machine

  it(`two app instances on one database (own revocation caches and pools): refused at once on the revoking one, within ${BOUND_MS} ms on the other`, async () => {
    const y = await startInProc({ shareWith: x.t });
    try {
      for (const how of ['logout', 'reuse'] as const) {
        for (let round = 0; round < 3; round++) {
          const first = await x.api.login(`revoke_${how}_${round}`);
          const rotated = (await x.api.post('/api/v1/auth/refresh', { refreshToken: first.refreshToken })).body as { accessToken: string; refreshToken: string };
          const tokens = [first.accessToken, rotated.accessToken];
          for (const token of tokens) s.check((await y.api.get('/api/v1/me', { auth: token })).status === 200, () => `${how}: the token did not work on the other instance before`);
          const revoke = how === 'logout' ? await x.api.post('/api/v1/auth/logout', undefined, { auth: rotated.accessToken }) : await x.api.post('/api/v1/auth/refresh', { refreshToken: first.refreshToken });
          s.check(revoke.status === (how === 'logout' ? 204 : 401), () => `${how}: ${revoke.status} ${revoke.text.slice(0, 120)}`);
          for (const token of tokens) {
            const here = await x.api.get('/api/v1/me', { auth: token });
            s.check(here.status === 401 && here.body?.error?.code === 'UNAUTHENTICATED', () => `${how}: not refused at once by the revoking instance: ${here.status}`);
            const ms = await refusedWithin(() => y.api.get('/api/v1/me', { auth: token }), 10_000);
            s.note(`${how}: refused by the other instance after ${ms} ms`);
            s.check(ms >= 0 && ms <= BOUND_MS, () => `${how}: the other instance refused after ${ms} ms (bound ${BOUND_MS})`);
          }
          s.check((await y.api.post('/api/v1/auth/refresh', { refreshToken: rotated.refreshToken })).status === 401, () => `${how}: the family's refresh token still works on the other instance`);
        }
      }
    } finally {
      await y.close();
    }
    expect(failuresOf(s)).toEqual([]);
  });

  (ENGINE === 'postgres' ? it : it.skip)(`two BFF processes on one PostgreSQL: a family logged out on one is refused by the other within ${BOUND_MS} ms`, async () => {
    const built = buildWorld({ seed: 18, citizens: [{ historicalFen: 1000, currentFen: 1000 }], productPrices: [1000], hospitals: 1 });
    registerCitizens(built.citizens);
    for (const h of built.hospitals) registerCredential(h.secret);
    const { url, drop } = await freshDatabase('revoke');
    const one = await Bff.start({ world: built.json, databaseUrl: url, env: { LOG_LEVEL: 'info' } });
    const two = await Bff.start({ world: built.json, databaseUrl: url, env: { LOG_LEVEL: 'info' }, secrets: { jwtSecret: one.jwtSecret, piiKey: one.piiKey } });
    try {
      const [a, b] = [new Api(one.url), new Api(two.url)];
      for (let round = 0; round < 5; round++) {
        const session = await a.login(`proc_logout_${round}`);
        s.check((await b.get('/api/v1/me', { auth: session.accessToken })).status === 200, () => 'the token did not work on the other process before');
        s.check((await a.post('/api/v1/auth/logout', undefined, { auth: session.accessToken })).status === 204, () => 'logout did not answer 204');
        s.check((await a.get('/api/v1/me', { auth: session.accessToken })).status === 401, () => 'not refused at once by the process that logged out');
        const ms = await refusedWithin(() => b.get('/api/v1/me', { auth: session.accessToken }), 10_000);
        s.note(`two processes: logout refused by the other after ${ms} ms`);
        s.check(ms >= 0 && ms <= BOUND_MS, () => `the other process refused after ${ms} ms (bound ${BOUND_MS})`);
      }
      scanLogs(one.log() + two.log(), 'revocation BFF processes');
    } finally {
      await one.dispose();
      await two.dispose();
      await drop();
    }
    expect(failuresOf(s)).toEqual([]);
  });
});

it('wrote no token in any log line', () => {
  scanLogs(x.t.logs(), 'tokens in-process BFF');
  expect(failuresOf(section('Privacy: log lines'))).toEqual([]);
});
