import { MAX_BILL_FEN } from './rules/settlement';

/** Display and entry of money: integer fen inside, yuan with two decimals on screen. */

/** "1,234.56" from 123456 fen ("-1,234.56" for a movement out); "—" for no number. */
export function fenToYuan(fen: number | null | undefined): string {
  if (typeof fen !== 'number' || !Number.isFinite(fen)) return '—';
  const negative = fen < 0;
  const abs = Math.round(Math.abs(fen));
  const yuan = Math.floor(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  const grouped = String(yuan).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}.${cents}`;
}

/** "¥1,234.56": how every amount is written on the mini-program and the hospital desk. */
export function money(fen: number | null | undefined): string {
  return `¥${fenToYuan(fen)}`;
}

export const YUAN_MESSAGES = {
  required: '请填写金额',
  format: '金额应为数字，最多两位小数，例如 128.50',
  negative: '金额不能为负数',
  tooLarge: '金额不能超过100,000.00元',
} as const;

/**
 * A typed amount in yuan ("128.5", "1,234.56", "¥12") as integer fen, exactly (no float
 * rounding): at most two decimals, not negative, at most MAX_BILL_FEN (100,000 yuan).
 */
export function parseYuan(text: string): { ok: true; fen: number } | { ok: false; message: string } {
  const t = text.trim().replace(/^[¥￥]\s*/, '').replace(/,/g, '');
  if (t === '') return { ok: false, message: YUAN_MESSAGES.required };
  if (/^-/.test(t)) return { ok: false, message: YUAN_MESSAGES.negative };
  const m = /^(\d{1,9})(?:\.(\d{0,2}))?$/.exec(t);
  if (!m) return { ok: false, message: YUAN_MESSAGES.format };
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  if (fen > MAX_BILL_FEN) return { ok: false, message: YUAN_MESSAGES.tooLarge };
  return { ok: true, fen };
}
