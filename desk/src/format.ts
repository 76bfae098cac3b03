import { ApiError } from './api';

const pad = (n: number) => String(n).padStart(2, '0');

function shanghai(iso: string): Date | null {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : new Date(t + 8 * 3600 * 1000);
}

/** "11月24日 10:05" in Asia/Shanghai, whatever offset the instant carries. */
export function dayTime(iso: string | undefined): string {
  const d = iso ? shanghai(iso) : null;
  if (!d) return '—';
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** "2026年11月24日 10:05:09" for the receipt. */
export function fullTime(iso: string | undefined): string {
  const d = iso ? shanghai(iso) : null;
  if (!d) return '—';
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** "10:05" */
export function clockTime(iso: string | undefined): string {
  const d = iso ? shanghai(iso) : null;
  return d ? `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}` : '—';
}

/** A bill number unique for this terminal: B + Shanghai date and time + 4 random characters. */
export function newBillNo(now: Date = new Date(), random: () => number = Math.random): string {
  const d = new Date(now.getTime() + 8 * 3600 * 1000);
  const stamp = `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
  const tail = Array.from({ length: 4 }, () => '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ'[Math.floor(random() * 34)]).join('');
  return `B${stamp}-${tail}`;
}

/** What the clerk reads for a refused scan: what to do next, in Chinese (issue 13). */
export function scanRefusal(error: unknown): string {
  if (!(error instanceof ApiError)) return '扫码失败，请重试';
  switch (error.code) {
    case 'QR_EXPIRED':
      return '请患者刷新医保码后重新出示';
    case 'QR_ALREADY_USED':
      return error.info.usedAt ? `该医保码已于${dayTime(error.info.usedAt)}使用，请患者刷新医保码后重新出示` : '该医保码已使用，请患者刷新医保码后重新出示';
    case 'QR_INVALID':
      return '无法识别该医保码，请患者打开医保小程序重新出示医保码';
    case 'SERVICE_SUSPENDED':
      return error.info.resumesAt ? `医保系统维护中，暂停办理，预计${dayTime(error.info.resumesAt)}恢复` : '医保系统维护中，暂停办理，请稍后再试';
    default:
      return error.message;
  }
}

/** Any other refusal: the contract's Chinese message (with the resume time when suspended). */
export function refusal(error: unknown): string {
  if (!(error instanceof ApiError)) return '操作失败，请重试';
  if (error.code === 'SERVICE_SUSPENDED') return scanRefusal(error);
  const reasons = error.info.reasons?.map((r) => r.message).join('；');
  return reasons ? `${error.message}：${reasons}` : error.message;
}
