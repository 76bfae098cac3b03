import fc from 'fast-check';
import { makeId, validIdArb } from '../test-support';
import { ageOn, isMinor } from './age';
import { isValidName, isValidPhone, normaliseName } from './contact';
import { checkCharacter, isValidIdNumber, parseIdNumber } from './idNumber';
import { maskIdNumber, maskName, maskPhone } from './mask';

describe('P-ID-1 ID numbers (GB 11643-1999)', () => {
  it.each([
    ['320102198003140113', '320102', '1980-03-14', 'M'],
    ['32030219520708013X', '320302', '1952-07-08', 'M'],
    ['320302195502210128', '320302', '1955-02-21', 'F'],
    ['32030219520708013x', '320302', '1952-07-08', 'M'],
  ])('%s parses to region %s, birth %s, sex %s', (raw, region, birthDate, sex) => {
    const r = parseIdNumber(raw);
    expect(r).toEqual({ ok: true, id: { idNumber: raw.toUpperCase(), region, birthDate, sex } });
  });

  it.each([
    ['too short', '32010219800314011'],
    ['too long', '3201021980031401130'],
    ['letters', '32010219800314011A'],
    ['wrong check character', '320102198003140114'],
    ['13th month', makeId('320102', '1980-13-01', '011')],
    ['31 February', makeId('320102', '1980-02-31', '011')],
    ['29 February of a common year', makeId('320102', '1981-02-29', '011')],
    ['leading zero region', makeId('020102', '1980-03-14', '011')],
    ['year 1800', makeId('320102', '1800-03-14', '011')],
    ['empty', ''],
  ])('refuses %s', (_label, raw) => {
    expect(parseIdNumber(raw)).toEqual({ ok: false });
    expect(isValidIdNumber(raw)).toBe(false);
  });

  it('P-ID-1 the earliest birth year taken is 1880', () => {
    expect(isValidIdNumber(makeId('110101', '1880-01-01', '011'))).toBe(true);
    expect(isValidIdNumber(makeId('110101', '1879-12-31', '011'))).toBe(false);
  });
  it('P-ID-1 anything but a string is refused, even one that reads like an ID number', () => {
    for (const raw of [['320102198003140113'], { toString: () => '320102198003140113' }, 320102198003140110, null, undefined]) {
      expect(parseIdNumber(raw as unknown as string)).toEqual({ ok: false });
    }
  });
  it('refuses a birth date after the evaluation date, in Asia/Shanghai', () => {
    const id = makeId('320102', '2026-11-25', '011');
    expect(parseIdNumber(id, new Date('2026-11-24T15:59:59Z')).ok).toBe(false);
    expect(parseIdNumber(id, new Date('2026-11-24T16:00:00Z')).ok).toBe(true); // 00:00 on 25 Nov in Shanghai
  });

  it('accepts 29 February of a leap year', () => {
    expect(isValidIdNumber(makeId('320102', '2000-02-29', '011'))).toBe(true);
  });

  it('property: every generated valid ID round-trips through parse, sex from the sequence parity', () => {
    fc.assert(
      fc.property(validIdArb, (id) => {
        const r = parseIdNumber(id.toLowerCase());
        if (!r.ok) return false;
        const birth = id.slice(6, 10) + '-' + id.slice(10, 12) + '-' + id.slice(12, 14);
        return r.id.idNumber === id && r.id.region === id.slice(0, 6) && r.id.birthDate === birth && r.id.sex === (Number(id[16]) % 2 ? 'M' : 'F');
      }),
    );
  });

  it('property: changing any one digit of the first 17 breaks the check character', () => {
    fc.assert(
      fc.property(validIdArb, fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (id, pos, delta) => {
        const digit = (Number(id[pos]) + delta) % 10;
        const altered = id.slice(0, pos) + digit + id.slice(pos + 1);
        return checkCharacter(altered.slice(0, 17)) !== id[17];
      }),
    );
  });
});

describe('P-ID-3 names and phones', () => {
  it.each(['王建国', '李明', '阿依古丽·买买提', '阿依古丽•买买提', 'John Smith', '欧阳娜娜'])('accepts the name %s', (n) => {
    expect(isValidName(normaliseName(n))).toBe(true);
  });
  it.each(['王', '', '王建国1', '·王建', '王建·', '王··建', 'a'.repeat(31), '王 建', '<script>'])('refuses the name %j', (n) => {
    expect(isValidName(normaliseName(n))).toBe(false);
  });
  it('P-ID-3 the length bounds are inclusive: 2 and 30 characters pass, 1 and 31 do not (code points)', () => {
    expect(isValidName('王'.repeat(30))).toBe(true);
    expect(isValidName('王'.repeat(31))).toBe(false);
    expect(isValidName('a'.repeat(30))).toBe(true);
    expect(isValidName('李明')).toBe(true);
    expect(isValidName('李')).toBe(false);
    // an astral Han character is one character, two UTF-16 units: 30 of them still pass
    expect(isValidName('𠀀'.repeat(30))).toBe(true);
    expect(isValidName('𠀀'.repeat(15) + '王')).toBe(true);
  });
  it('P-ID-3 the whole name must match, not a part of it', () => {
    for (const n of ['1王建国', '王建国 ', ' 王建国', '王建国!', '王 ·建']) expect(isValidName(n)).toBe(false);
    expect(isValidName('Anne Marie')).toBe(true);
    expect(isValidName('阿依古丽· 买买提')).toBe(true);
  });
  it('P-ID-3 a phone is exactly 11 digits from its first character: no leading or trailing extra', () => {
    expect(isValidPhone('213800000001')).toBe(false);
    expect(isValidPhone('x13800000001')).toBe(false);
    expect(isValidPhone('13800000001x')).toBe(false);
    expect(isValidPhone('13800000001\n')).toBe(false);
  });
  it('normalises look-alike dots and trims', () => {
    expect(normaliseName(' 阿依古丽.买买提 ')).toBe('阿依古丽·买买提');
  });
  it.each([
    ['13800000001', true],
    ['19912345678', true],
    ['23800000001', false],
    ['1380000000', false],
    ['138000000011', false],
    ['1380000000a', false],
  ])('phone %s valid: %s', (p, ok) => {
    expect(isValidPhone(p)).toBe(ok);
  });
});

describe('P-ID-4 age on the evaluation date in Asia/Shanghai', () => {
  it.each([
    ['1980-03-14', '2026-03-13T15:59:59Z', 45], // 23:59:59 on 13 March in Shanghai
    ['1980-03-14', '2026-03-13T16:00:00Z', 46], // 00:00 on 14 March in Shanghai
    ['2008-11-24', '2026-11-24T00:00:00+08:00', 18],
    ['2008-11-25', '2026-11-24T23:59:59+08:00', 17],
    ['2000-02-29', '2026-02-28T12:00:00+08:00', 25],
    ['2000-02-29', '2026-03-01T00:00:00+08:00', 26],
  ])('born %s, at %s → %i', (birth, at, age) => {
    expect(ageOn(birth, new Date(at))).toBe(age);
  });
  it.each([
    ['1980-12-01', '2026-11-24T12:00:00+08:00', 45], // birthday still ahead in the year, month after
    ['1980-11-25', '2026-11-24T12:00:00+08:00', 45], // same month, day after
    ['1980-11-24', '2026-11-24T12:00:00+08:00', 46], // the birthday itself
    ['1980-10-30', '2026-11-24T12:00:00+08:00', 46], // month before, a later day of the month
    ['1980-01-01', '2026-12-31T12:00:00+08:00', 46],
    ['1980-12-31', '2026-01-01T12:00:00+08:00', 45],
  ])('P-ID-4 born %s, at %s → %i (a birthday still ahead in the year does not count)', (birth, at, age) => {
    expect(ageOn(birth, new Date(at))).toBe(age);
  });
  it('P-ID-4 the same instant asked twice, then another, gives each its own age', () => {
    const a = new Date('2026-11-24T12:00:00+08:00');
    const b = new Date('2027-11-24T12:00:00+08:00');
    expect([ageOn('2000-01-01', a), ageOn('2000-01-01', a), ageOn('2000-01-01', b), ageOn('2000-01-01', a)]).toEqual([26, 26, 27, 26]);
  });
  it('minor means under 18', () => {
    expect(isMinor('2008-11-25', new Date('2026-11-24T12:00:00+08:00'))).toBe(true);
    expect(isMinor('2008-11-24', new Date('2026-11-24T12:00:00+08:00'))).toBe(false);
  });
  it('refuses a malformed birth date', () => {
    expect(() => ageOn('1980-02-30', new Date())).toThrow(new RangeError('not a date: 1980-02-30'));
  });
});

describe('API.md masks (ID, phone, name)', () => {
  it('masks an ID number: first 3, last 4', () => {
    expect(maskIdNumber('32030219520708013X')).toBe('320***********013X');
  });
  it('masks a phone: first 3, last 4', () => {
    expect(maskPhone('13800000001')).toBe('138****0001');
  });
  it.each([
    ['王建国', '王**'],
    ['李明', '李*'],
    ['阿依古丽·买买提', '阿*******'],
    ['', ''],
  ])('masks the name %s as %s', (n, m) => {
    expect(maskName(n)).toBe(m);
  });
  it('masks strings of 7 characters or fewer entirely (first 3 + last 4 would show all of them); 8 shows 7', () => {
    expect(maskIdNumber('1234567')).toBe('*******');
    expect(maskPhone('1380001')).toBe('*******');
    expect(maskIdNumber('12345678')).toBe('123*5678');
    expect(maskPhone('13800001')).toBe('138*0001');
  });
  it('masks short strings entirely', () => {
    expect(maskIdNumber('1234')).toBe('****');
    expect(maskPhone('123')).toBe('***');
  });
  it('property: a masked ID never contains the middle eleven characters in clear', () => {
    fc.assert(fc.property(validIdArb, (id) => maskIdNumber(id).slice(3, 14) === '*'.repeat(11) && maskIdNumber(id).length === 18));
  });
});
