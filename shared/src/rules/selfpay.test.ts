import { cancelDecision, isAwaitingPayment, orderStatusAt, paymentDecision, SELF_PAY_TTL_MINUTES, selfPayExpiresAt, shortOrderNo } from './selfpay';

const created = new Date('2026-11-24T10:00:00+08:00');
const later = (minutes: number) => new Date(created.getTime() + minutes * 60_000);

describe('#14 finding 4 self-pay orders: expiry, payment, cancel', () => {
  it('a self-pay order waits 30 minutes, then reads EXPIRED (evaluated at the instant given)', () => {
    expect(SELF_PAY_TTL_MINUTES).toBe(30);
    expect(selfPayExpiresAt(created).toISOString()).toBe('2026-11-24T02:30:00.000Z');
    expect(orderStatusAt('AWAITING_PAYMENT', created, later(29.99))).toBe('AWAITING_PAYMENT');
    expect(orderStatusAt('AWAITING_PAYMENT', created, later(30))).toBe('EXPIRED');
    expect(isAwaitingPayment('AWAITING_PAYMENT', created, later(29))).toBe(true);
    expect(isAwaitingPayment('AWAITING_PAYMENT', created, later(31))).toBe(false);
    for (const s of ['PAID', 'CANCELLED', 'EXPIRED'] as const) {
      expect(orderStatusAt(s, created, later(60))).toBe(s);
      expect(orderStatusAt(s, created, later(1))).toBe(s);
      expect(isAwaitingPayment(s, created, later(1))).toBe(false);
    }
  });

  it('payment: ok while waiting, already when PAID, refused when cancelled, expired or not self-pay', () => {
    const o = (status: 'PAID' | 'AWAITING_PAYMENT' | 'CANCELLED' | 'EXPIRED', payMethod = 'SELF_PAY') => ({ status, payMethod, createdAt: created });
    expect(paymentDecision(o('AWAITING_PAYMENT'), later(5))).toEqual({ kind: 'ok' });
    expect(paymentDecision(o('AWAITING_PAYMENT'), later(30))).toEqual({ kind: 'refused', code: 'ORDER_EXPIRED' });
    expect(paymentDecision(o('EXPIRED'), later(1))).toEqual({ kind: 'refused', code: 'ORDER_EXPIRED' });
    expect(paymentDecision(o('CANCELLED'), later(1))).toEqual({ kind: 'refused', code: 'ORDER_CANCELLED' });
    expect(paymentDecision(o('PAID'), later(90))).toEqual({ kind: 'already' });
    expect(paymentDecision(o('PAID', 'PERSONAL_ACCOUNT'), later(1))).toEqual({ kind: 'refused', code: 'ORDER_NOT_SELF_PAY' });
    expect(paymentDecision(o('AWAITING_PAYMENT', 'PERSONAL_ACCOUNT'), later(1))).toEqual({ kind: 'refused', code: 'ORDER_NOT_SELF_PAY' });
  });

  it('cancel: ok while waiting, already when cancelled or expired, never a paid order', () => {
    expect(cancelDecision({ status: 'AWAITING_PAYMENT', createdAt: created }, later(1))).toBe('ok');
    expect(cancelDecision({ status: 'AWAITING_PAYMENT', createdAt: created }, later(30))).toBe('already');
    expect(cancelDecision({ status: 'CANCELLED', createdAt: created }, later(1))).toBe('already');
    expect(cancelDecision({ status: 'EXPIRED', createdAt: created }, later(1))).toBe('already');
    expect(cancelDecision({ status: 'PAID', createdAt: created }, later(1))).toBe('paid');
  });

  it('short order number: the last 8 letters or digits, upper case', () => {
    expect(shortOrderNo('o_OZ3yab12cd34')).toBe('AB12CD34');
    expect(shortOrderNo('o_ab-c_d')).toBe('OABCD');
  });
});

import { balanceShortfall, largestPayableGroup } from './debit';

describe('#14 finding 8 a short balance: by how much, and which choice fits (P-PAY-5, P-FAM-9 buckets)', () => {
  it('shortfall: 0 when payable; the whole order against both buckets; others against 历年结余 (HISTORICAL)', () => {
    expect(balanceShortfall({ historicalFen: 10000, currentFen: 0 }, 0, 5900)).toBe(0);
    expect(balanceShortfall({ historicalFen: 10000, currentFen: 0 }, 0, 11800)).toBe(1800);
    // the payer's own part from 当年 first: others still need 历年结余
    expect(balanceShortfall({ historicalFen: 5000, currentFen: 20000 }, 5900, 5900)).toBe(900);
    expect(balanceShortfall({ historicalFen: 5000, currentFen: 20000 }, 5900, 5900, 'TOTAL')).toBe(0);
    // own part larger than 当年 eats into 历年结余
    expect(balanceShortfall({ historicalFen: 10000, currentFen: 1000 }, 5900, 5900)).toBe(800);
    expect(balanceShortfall({ historicalFen: 1000, currentFen: 1000 }, 5900, 0, 'TOTAL')).toBe(3900);
    expect(balanceShortfall({ historicalFen: 1000, currentFen: 1000 }, 5900, 0)).toBe(3900);
  });

  it('largest payable group: the biggest total the account can pay, more people on a tie, null when nobody', () => {
    const people = [
      { personId: 'self', amountFen: 5900, self: true },
      { personId: 'wife', amountFen: 5900, self: false },
      { personId: 'son', amountFen: 3000, self: false },
    ];
    expect(largestPayableGroup({ historicalFen: 9000, currentFen: 0 }, people)).toEqual({ personIds: ['self', 'son'], totalFen: 8900 });
    expect(largestPayableGroup({ historicalFen: 9000, currentFen: 0 }, [people[1], people[0], people[2]])).toEqual({ personIds: ['wife', 'son'], totalFen: 8900 });
    expect(largestPayableGroup({ historicalFen: 3000, currentFen: 6000 }, people)).toEqual({ personIds: ['self', 'son'], totalFen: 8900 });
    expect(largestPayableGroup({ historicalFen: 100000, currentFen: 0 }, people)).toEqual({ personIds: ['self', 'wife', 'son'], totalFen: 14800 });
    expect(largestPayableGroup({ historicalFen: 100, currentFen: 100 }, people)).toBeNull();
    expect(largestPayableGroup({ historicalFen: 0, currentFen: 3000 }, [{ personId: 'a', amountFen: 3000, self: false }], 'TOTAL')).toEqual({ personIds: ['a'], totalFen: 3000 });
    expect(largestPayableGroup({ historicalFen: 5900, currentFen: 0 }, [people[1], { personId: 'x', amountFen: 5900, self: false }])).toEqual({ personIds: ['wife'], totalFen: 5900 });
  });
});
