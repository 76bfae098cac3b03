import { regionIn, withinScope } from './region';
import { activeMaintenance, currentAndUpcoming, operationAllowed, SUSPENDED_OPERATIONS, suspension } from './maintenance';
import { BINDING_LIMIT, ID_NUMBER_LIMIT, identityClaim, lockout, REAL_NAME_LIMIT, threeFactorsMatch } from './identity';
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

describe('P-OPS-1 maintenance windows: overlap, chains, edges', () => {
  const win = (startsAt: string, endsAt: string) => ({ startsAt: `2026-12-01T${startsAt}:00+08:00`, endsAt: `2026-12-01T${endsAt}:00+08:00`, message: '维护' });
  const at = (hhmm: string) => new Date(`2026-12-01T${hhmm}:00+08:00`);
  it('P-OPS-1 two overlapping active windows, the longer listed second: resumes at the later end', () => {
    expect(suspension([win('10:00', '11:00'), win('09:00', '12:00')], at('10:30'))).toEqual({ suspended: true, resumesAt: win('09:00', '12:00').endsAt });
    expect(suspension([win('09:00', '12:00'), win('10:00', '11:00')], at('10:30'))).toEqual({ suspended: true, resumesAt: win('09:00', '12:00').endsAt });
  });
  it('P-OPS-1 a chain that needs more than one pass over the list (each link listed before the one it follows)', () => {
    const chain = [win('13:00', '14:00'), win('12:00', '13:00'), win('11:00', '12:00'), win('10:00', '11:00')];
    expect(suspension(chain, at('10:30'))).toEqual({ suspended: true, resumesAt: win('13:00', '14:00').endsAt });
    // a window starting a minute after the chain ends is not part of it
    expect(suspension([win('14:01', '15:00'), ...chain], at('10:30'))).toEqual({ suspended: true, resumesAt: win('13:00', '14:00').endsAt });
    // nor a window inside the chain that ends earlier
    expect(suspension([win('10:40', '10:50'), ...chain], at('10:30'))).toEqual({ suspended: true, resumesAt: win('13:00', '14:00').endsAt });
  });
  it('P-OPS-1 a window ending exactly now is over: not active, not listed, nothing suspended', () => {
    const w = win('09:00', '10:00');
    expect(activeMaintenance([w], at('10:00'))).toEqual([]);
    expect(activeMaintenance([w], at('09:00'))).toEqual([w]);
    expect(currentAndUpcoming([w], at('10:00'))).toEqual([]);
    expect(currentAndUpcoming([w], at('09:59'))).toEqual([w]);
    expect(suspension([w], at('10:00'))).toEqual({ suspended: false });
    expect(operationAllowed('PAY_ORDER', [w], at('10:00'))).toEqual({ allowed: true });
  });
  it('P-OPS-1 money-moving and binding operations are refused with the resume time; reads are not', () => {
    const w = win('09:00', '10:00');
    for (const op of ['BIND', 'CONSENT', 'UNBIND', 'MODES', 'ORDER', 'PAY_ORDER', 'SETTLE', 'REFUND']) {
      expect(operationAllowed(op, [w], at('09:30'))).toEqual({ allowed: false, resumesAt: w.endsAt });
    }
    expect(SUSPENDED_OPERATIONS).toHaveLength(8);
    for (const op of ['READ', 'QR', 'LOGIN', '']) expect(operationAllowed(op, [w], at('09:30'))).toEqual({ allowed: true });
    expect(operationAllowed('SETTLE', [], at('09:30'))).toEqual({ allowed: true });
  });
});

describe('P-PAY-1 / P-FAM-4 regions: a product lists prefixes of 参保地; scopes compare 参保地', () => {
  it('P-PAY-3 a region matches when any one of several prefixes does (province, city or pool)', () => {
    expect(regionIn('370303', ['32', '3703'])).toBe(true);
    expect(regionIn('320102', ['32', '3703'])).toBe(true);
    expect(regionIn('370402', ['32', '3703'])).toBe(false);
    expect(regionIn('370303', ['370303'])).toBe(true);
    expect(regionIn('370303', [])).toBe(false);
    expect(regionIn('323703', ['3703'])).toBe(false); // a prefix, not a substring
  });
  it.each([
    ['POOL', '320102', '320102', true],
    ['POOL', '320102', '320103', false],
    ['PROVINCE', '320102', '329999', true],
    ['PROVINCE', '320102', '330102', false],
    ['PROVINCE', '320102', '420102', false],
    ['NATION', '320102', '650102', true],
  ] as const)('P-FAM-4 %s: %s and %s → %s', (scope, a, b, ok) => {
    expect(withinScope(a, b, scope)).toBe(ok);
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
    [{ ...record, idNumber: ' 32030219520708013x ', phone: ' 13800000001 ', name: ' 王建国 ' }, true], // what was typed, trimmed
    [{ ...record, phone: '138 0000 0001' }, false],
  ])('P-ID-2 %j → %s', (claimed, ok) => {
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
  it('P-ID-6 the 24 h window: a failure exactly 24 h old no longer counts, one a millisecond younger does, one at this instant does', () => {
    const day = REAL_NAME_LIMIT.windowMs;
    const four = [1, 2, 3, 4].map(hoursAgo);
    expect(lockout([...four, new Date(at.getTime() - day)], at)).toEqual({ locked: false, remaining: 1 });
    expect(lockout([...four, new Date(at.getTime() - day + 1)], at)).toEqual({ locked: true, unlocksAt: new Date(at.getTime() + 1) });
    expect(lockout([...four, at], at)).toEqual({ locked: true, unlocksAt: new Date(hoursAgo(4).getTime() + day) });
    expect(lockout([...four, new Date(at.getTime() + 1)], at)).toEqual({ locked: false, remaining: 1 });
  });
  it('P-ID-6 unlocksAt does not depend on the order the failures are listed in', () => {
    const want = { locked: true, unlocksAt: new Date(hoursAgo(7).getTime() + REAL_NAME_LIMIT.windowMs) };
    expect(lockout([3, 10, 2, 7, 5, 4].map(hoursAgo), at)).toEqual(want);
    expect(lockout([2, 3, 4, 5, 7, 10].map(hoursAgo), at)).toEqual(want);
    expect(lockout([5, 2, 10, 4, 7, 3].map(hoursAgo), at)).toEqual(want);
  });
  it('P-ID-6 another limit: 10 failures against one ID number; at the limit the lock starts', () => {
    const nine = [1, 2, 3, 4, 5, 6, 7, 8, 9].map(hoursAgo);
    expect(lockout(nine, at, ID_NUMBER_LIMIT)).toEqual({ locked: false, remaining: 1 });
    expect(lockout([...nine, hoursAgo(0.5)], at, ID_NUMBER_LIMIT)).toEqual({ locked: true, unlocksAt: new Date(hoursAgo(9).getTime() + ID_NUMBER_LIMIT.windowMs) });
    expect(ID_NUMBER_LIMIT).toEqual({ maxFailures: 10, windowMs: 86_400_000 });
    expect(BINDING_LIMIT).toEqual({ maxFailures: 10, windowMs: 86_400_000 });
    expect(REAL_NAME_LIMIT).toEqual({ maxFailures: 5, windowMs: 86_400_000 });
    expect(lockout([], at)).toEqual({ locked: false, remaining: 5 });
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
