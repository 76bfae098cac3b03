import { ApiError } from './api';
import { newBillNo, refusal, scanRefusal } from './format';

describe('desk formats', () => {
  it('bill numbers: unique per call, valid for API.md billNo (1–64 of A-Za-z0-9_-)', () => {
    const at = new Date('2026-11-24T02:05:09Z');
    const seen = new Set(Array.from({ length: 200 }, () => newBillNo(at)));
    expect(seen.size).toBeGreaterThan(195);
    for (const b of seen) expect(b).toMatch(/^B20261124100509-[0-9A-Z]{4}$/);
  });
  it('refusals fall back to the contract message and list reasons', () => {
    expect(scanRefusal(new Error('x'))).toBe('扫码失败，请重试');
    expect(refusal(new ApiError(400, { code: 'VALIDATION_FAILED', message: '填写的信息有误', reasons: [{ code: 'AMOUNT_INVALID', message: '金额不对' }] }))).toBe('填写的信息有误：金额不对');
    expect(scanRefusal(new ApiError(409, { code: 'QR_ALREADY_USED', message: 'x' }))).toBe('该医保码已使用，请患者刷新医保码后重新出示');
  });
});
