import fc from 'fast-check';
import { GENDER_LABELS, regionLabel } from './labels';
import { fenToYuan, money, parseYuan, YUAN_MESSAGES } from './money';
import { MAX_BILL_FEN } from './rules/settlement';

describe('money display (amounts are written ¥1,234.56)', () => {
  it('groups thousands and keeps two decimals', () => {
    expect(money(123456)).toBe('¥1,234.56');
    expect(money(0)).toBe('¥0.00');
    expect(money(5)).toBe('¥0.05');
    expect(money(100000000)).toBe('¥1,000,000.00');
    expect(fenToYuan(-5900)).toBe('-59.00');
    expect(money(undefined)).toBe('¥—');
    expect(fenToYuan(Number.NaN)).toBe('—');
  });
});

describe('parseYuan: the desk’s amount fields (API.md P-SET: no negative, no third decimal, ≤ 10,000,000 fen)', () => {
  it('reads yuan as exact fen', () => {
    expect(parseYuan('128.5')).toEqual({ ok: true, fen: 12850 });
    expect(parseYuan(' 1,234.56 ')).toEqual({ ok: true, fen: 123456 });
    expect(parseYuan('¥12')).toEqual({ ok: true, fen: 1200 });
    expect(parseYuan('0.07')).toEqual({ ok: true, fen: 7 });
    expect(parseYuan('3.')).toEqual({ ok: true, fen: 300 });
    expect(parseYuan('100000')).toEqual({ ok: true, fen: MAX_BILL_FEN });
  });
  it('refuses empty, negative, a third decimal, words and absurd amounts, in Chinese', () => {
    expect(parseYuan('')).toEqual({ ok: false, message: YUAN_MESSAGES.required });
    expect(parseYuan('-1')).toEqual({ ok: false, message: YUAN_MESSAGES.negative });
    expect(parseYuan('1.234')).toEqual({ ok: false, message: YUAN_MESSAGES.format });
    expect(parseYuan('1e3')).toEqual({ ok: false, message: YUAN_MESSAGES.format });
    expect(parseYuan('.5')).toEqual({ ok: false, message: YUAN_MESSAGES.format });
    expect(parseYuan('100000.01')).toEqual({ ok: false, message: YUAN_MESSAGES.tooLarge });
  });
  it('round-trips every amount written as the desk shows it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_BILL_FEN }), (fen) => {
        expect(parseYuan(money(fen))).toEqual({ ok: true, fen });
        expect(parseYuan(fenToYuan(fen))).toEqual({ ok: true, fen });
      }),
    );
  });
});

describe('labels', () => {
  it('#14 finding 9: 参保地 as a place name, never its code; gender in Chinese', () => {
    expect(regionLabel('320102')).toBe('江苏省南京市');
    expect(regionLabel('370303')).toBe('山东省淄博市');
    expect(regionLabel('340102')).toBe('安徽省合肥市');
    expect(regionLabel('110105')).toBe('北京市');
    expect(regionLabel('500101')).toBe('重庆市');
    expect(regionLabel('32')).toBe('江苏省');
    expect(regionLabel('329900')).toBe('江苏省');
    expect(regionLabel('990000')).toBe('其他地区');
    expect(regionLabel('')).toBe('—');
    expect(regionLabel(undefined)).toBe('—');
    expect(GENDER_LABELS).toEqual({ M: '男', F: '女' });
  });
});
