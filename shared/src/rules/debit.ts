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
