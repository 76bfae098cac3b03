import { activeMaintenance, currentAndUpcoming, suspension } from './maintenance';
import { identityClaim, lockout, REAL_NAME_LIMIT, threeFactorsMatch } from './identity';
import { DEFAULT_QR_TTL_SECONDS, isQrTokenShaped, mayShowCode, QR_TOKEN_BYTES, QR_TOKEN_MAX_LENGTH, qrExpiresAt, redemptionOutcome, refreshDelayMs } from './qr';

const w1 = { startsAt: '2026-12-01T22:00:00+08:00', endsAt: '2026-12-02T02:00:00+08:00', message: '系统升级' };
const w2 = { startsAt: '2026-12-02T02:00:00+08:00', endsAt: '2026-12-02T04:00:00+08:00', message: '数据迁移' };
const w3 = { startsAt: '2026-12-10T22:00:00+08:00', endsAt: '2026-12-10T23:00:00+08:00', message: '例行维护' };

describe('P-OPS-1 planned maintenance suspends money-moving and binding operations', () => {
  it.each([
    ['2026-12-01T21:59:59+08:00', false, undefined],
    ['2026-12-01T22:00:00+08:00', true, '2026-12-02T04:00:00+08:00'],
    ['2026-12-02T03:00:00+08:00', true, '2026-12-02T04:00:00+08:00'],
    ['2026-12-02T04:00:00+08:00', false, undefined],
  ])('at %s suspended %s, resumes %s (adjacent windows chain)', (at, suspended, resumesAt) => {
    const s = suspension([w3, w2, w1], new Date(at));
    expect(s.suspended).toBe(suspended);
    if (s.suspended) expect(s.resumesAt).toBe(resumesAt);
  });
  it('the notices list the current and upcoming windows, soonest first', () => {
    expect(currentAndUpcoming([w3, w1, w2], new Date('2026-12-02T01:00:00+08:00'))).toEqual([w1, w2, w3]);
    expect(currentAndUpcoming([w3, w1, w2], new Date('2026-12-05T00:00:00+08:00'))).toEqual([w3]);
    expect(activeMaintenance([w1, w3], new Date('2026-12-05T00:00:00+08:00'))).toEqual([]);
  });
});

describe('P-ID-2 real-name verification matches all three factors', () => {
  const record = { name: '王建国', idNumber: '32030219520708013X', phone: '13800000001' };
  it.each([
    [{ ...record }, true],
    [{ ...record, idNumber: '32030219520708013x' }, true],
    [{ ...record, phone: '13800000002' }, false],
    [{ ...record, name: '王建' }, false],
    [{ ...record, idNumber: '320102198003140113' }, false],
  ])('%j → %s', (claimed, ok) => {
    expect(threeFactorsMatch(record, claimed)).toBe(ok);
  });
});

describe('P-ID-5 one verified identity belongs to one account at a time', () => {
  it.each([
    [null, 'FREE'],
    ['u1', 'OWN'],
    ['u2', 'IN_USE'],
  ] as const)('owner %s → %s', (owner, outcome) => {
    expect(identityClaim(owner, 'u1')).toBe(outcome);
  });
});

describe('P-ID-6 failed verification attempts are limited (5 per user per 24 h)', () => {
  const at = new Date('2026-11-24T12:00:00+08:00');
  const hoursAgo = (h: number) => new Date(at.getTime() - h * 3_600_000);
  it('four failures leave one try', () => {
    expect(lockout([1, 2, 3, 4].map(hoursAgo), at)).toEqual({ locked: false, remaining: 1 });
  });
  it('five failures lock until the oldest counted one is 24 h old', () => {
    expect(lockout([10, 5, 4, 3, 2].map(hoursAgo), at)).toEqual({ locked: true, unlocksAt: new Date(hoursAgo(10).getTime() + REAL_NAME_LIMIT.windowMs) });
  });
  it('failures older than 24 h do not count; future ones neither', () => {
    expect(lockout([25, 30, 48, 2, -1].map(hoursAgo), at)).toEqual({ locked: false, remaining: 4 });
  });
  it('with six failures the lock lasts until the second oldest leaves the window', () => {
    const r = lockout([20, 10, 5, 4, 3, 2].map(hoursAgo), at);
    expect(r).toEqual({ locked: true, unlocksAt: new Date(hoursAgo(10).getTime() + REAL_NAME_LIMIT.windowMs) });
  });
});

describe('P-QR-1 a short-lived token of at least 128 random bits, at most 32 characters, refreshed by the app before expiry', () => {
  it('the token: 18 random bytes (144 bits) in base64url, 24 characters', () => {
    expect(QR_TOKEN_BYTES * 8).toBeGreaterThanOrEqual(128);
    expect(Math.ceil((QR_TOKEN_BYTES * 4) / 3)).toBeLessThanOrEqual(QR_TOKEN_MAX_LENGTH);
    expect(QR_TOKEN_MAX_LENGTH).toBe(32);
    expect(isQrTokenShaped('abcdefghijklmnopqrstuv-_')).toBe(true);
    for (const bad of ['', 'abc', 'abcdefghijklmnopqrstuv-_x', 'abcdefghijklmnopqrstuv+/', 'eyJhbGciOiJIUzI1NiJ9.e30.x']) expect(isQrTokenShaped(bad)).toBe(false);
  });
  const issued = new Date('2026-11-24T12:00:00+08:00');
  it('default validity 60 s', () => {
    expect(DEFAULT_QR_TTL_SECONDS).toBe(60);
    expect(qrExpiresAt(issued).getTime() - issued.getTime()).toBe(60_000);
    expect(qrExpiresAt(issued, 5).getTime() - issued.getTime()).toBe(5_000);
  });
  it('refreshes 10 s before expiry, or at three quarters for short validity', () => {
    expect(refreshDelayMs(issued, qrExpiresAt(issued, 60))).toBe(50_000);
    expect(refreshDelayMs(issued, qrExpiresAt(issued, 8))).toBe(6_000);
    expect(refreshDelayMs(issued, issued)).toBe(0);
  });
});

describe('P-QR-2 one redemption: used, expired, forged', () => {
  const exp = new Date('2026-11-24T12:01:00+08:00');
  const before = new Date('2026-11-24T12:00:30+08:00');
  it.each([
    [{ authentic: true, expiresAt: exp, used: false }, before, 'OK'],
    [{ authentic: true, expiresAt: exp, used: true }, before, 'QR_ALREADY_USED'],
    [{ authentic: true, expiresAt: exp, used: false }, exp, 'QR_EXPIRED'],
    [{ authentic: false, expiresAt: exp, used: false }, before, 'QR_INVALID'],
    [{ authentic: true, expiresAt: exp, used: true }, new Date(exp.getTime() + 1000), 'QR_ALREADY_USED'],
  ])('%j at %s → %s', (token, at, outcome) => {
    expect(redemptionOutcome(token, at)).toBe(outcome);
  });
});

describe('P-QR-3 codes for oneself and for ACTIVE bound members (亲情账户)', () => {
  const exp = new Date('2026-11-24T12:01:00+08:00');
  const before = new Date('2026-11-24T12:00:30+08:00');
  it.each([
    [{ authentic: true, expiresAt: exp, used: false, bindingActive: true }, before, 'OK'],
    [{ authentic: true, expiresAt: exp, used: false, bindingActive: false }, before, 'QR_INVALID'],
    [{ authentic: true, expiresAt: exp, used: false, bindingActive: false }, exp, 'QR_INVALID'],
    [{ authentic: true, expiresAt: exp, used: true, bindingActive: false }, before, 'QR_ALREADY_USED'],
  ])('a member code is redeemed only while the binding is ACTIVE: %j at %s → %s', (token, at, outcome) => {
    expect(redemptionOutcome(token, at)).toBe(outcome);
  });
  it('the subject of the code is the member, never the organizer', () => {
    expect(mayShowCode('org', 'child', 'ACTIVE')).toBe(true);
    expect(mayShowCode('org', 'child', 'PENDING_CONSENT')).toBe(false);
  });
});
