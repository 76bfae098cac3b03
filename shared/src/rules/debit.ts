import type { AccountBalance, SharedBalance } from '../types';

export interface DebitPlan {
  historicalFen: number;
  currentFen: number;
}

/**
 * P-PAY-5 / P-FAM-9: all of an order or none of it from the personal account.
 * HISTORICAL (default): the others' part must fit in 历年结余 and is taken from it; the payer's
 * own part comes from 当年 first, then 历年结余. TOTAL: the others may use 当年 too (after the
 * payer's own part has taken its share of 当年).
 */
export function planDebit(
  balance: AccountBalance,
  selfFen: number,
  othersFen: number,
  sharedBalance: SharedBalance = 'HISTORICAL',
): { ok: true; debit: DebitPlan } | { ok: false } {
  if (selfFen < 0 || othersFen < 0) return { ok: false };
  const { historicalFen, currentFen } = balance;
  if (selfFen + othersFen > historicalFen + currentFen) return { ok: false };
  const selfCurrent = Math.min(selfFen, currentFen);
  const selfHistorical = selfFen - selfCurrent;
  // When the payer's own part reaches into 历年结余 (selfHistorical > 0) it has taken all of 当年, and the total check above
  // already holds the others to historicalFen - selfHistorical; otherwise selfHistorical is 0. So `+` changes nothing.
  // Stryker disable next-line ArithmeticOperator: equivalent, see above
  const historicalLeft = historicalFen - selfHistorical;
  if (sharedBalance === 'HISTORICAL') {
    if (othersFen > historicalLeft) return { ok: false };
    return { ok: true, debit: { historicalFen: selfHistorical + othersFen, currentFen: selfCurrent } };
  }
  const othersHistorical = Math.min(othersFen, historicalLeft);
  const othersCurrent = othersFen - othersHistorical;
  return { ok: true, debit: { historicalFen: selfHistorical + othersHistorical, currentFen: selfCurrent + othersCurrent } };
}

/**
 * #14 finding 8: how much the personal account lacks for an order (0 when it can pay it),
 * by the same bucket rules as `planDebit`: the whole order against 当年 + 历年结余, and, with
 * HISTORICAL, the others' part against what 历年结余 keeps after the payer's own part.
 */
export function balanceShortfall(balance: AccountBalance, selfFen: number, othersFen: number, sharedBalance: SharedBalance = 'HISTORICAL'): number {
  const { historicalFen, currentFen } = balance;
  const overall = selfFen + othersFen - (historicalFen + currentFen);
  if (sharedBalance === 'TOTAL') return Math.max(0, overall);
  // The others' part must fit in 历年结余 beside the payer's own overflow from 当年; when there
  // is such an overflow the whole order is short by at least as much (`overall`), so 历年结余
  // alone is the bound here.
  return Math.max(0, overall, othersFen - historicalFen);
}

/**
 * #14 finding 8: when the account cannot pay for everyone chosen, the group (in the order
 * given) with the largest total it can pay for, or null when it cannot pay for anyone. Ties
 * keep more people, then the earlier ones. At most 12 people are considered (2^12 groups).
 */
export function largestPayableGroup(
  balance: AccountBalance,
  people: readonly { personId: string; amountFen: number; self: boolean }[],
  sharedBalance: SharedBalance = 'HISTORICAL',
): { personIds: string[]; totalFen: number } | null {
  const list = people.slice(0, 12);
  let best: { mask: number; total: number; count: number } | null = null;
  for (let mask = 1; mask < 1 << list.length; mask++) {
    let selfFen = 0;
    let othersFen = 0;
    let count = 0;
    list.forEach((p, i) => {
      if (!(mask & (1 << i))) return;
      count++;
      if (p.self) selfFen += p.amountFen;
      else othersFen += p.amountFen;
    });
    if (!planDebit(balance, selfFen, othersFen, sharedBalance).ok) continue;
    const total = selfFen + othersFen;
    if (!best || total > best.total || (total === best.total && count > best.count)) best = { mask, total, count };
  }
  if (!best) return null;
  const chosen = best.mask;
  return { personIds: list.filter((_, i) => chosen & (1 << i)).map((p) => p.personId), totalFen: best.total };
}
