import fc from 'fast-check';
import { balanceShortfall, largestPayableGroup, planDebit } from './debit';

const fen = fc.integer({ min: 0, max: 20000 });
const buckets = fc.constantFrom('HISTORICAL' as const, 'TOTAL' as const);

describe('#14 finding 8: the shortfall is exactly what P-PAY-5 / P-FAM-9 (planDebit) lack', () => {
  it('0 exactly when the account can pay; adding the shortfall to 历年结余 makes it fit, one fen less does not', () => {
    fc.assert(
      fc.property(fen, fen, fen, fen, buckets, (historicalFen, currentFen, selfFen, othersFen, shared) => {
        const balance = { historicalFen, currentFen };
        const short = balanceShortfall(balance, selfFen, othersFen, shared);
        expect(short === 0).toBe(planDebit(balance, selfFen, othersFen, shared).ok);
        expect(planDebit({ historicalFen: historicalFen + short, currentFen }, selfFen, othersFen, shared).ok).toBe(true);
        if (short > 0) expect(planDebit({ historicalFen: historicalFen + short - 1, currentFen }, selfFen, othersFen, shared).ok).toBe(false);
      }),
    );
  });
});

const person = fc.record({ amountFen: fc.integer({ min: 1, max: 9000 }), self: fc.boolean() });

/** The oracle: every group, by brute force, in the order the rule prefers. */
function bestByBruteForce(
  balance: { historicalFen: number; currentFen: number },
  people: { personId: string; amountFen: number; self: boolean }[],
  shared: 'HISTORICAL' | 'TOTAL',
) {
  let best: { ids: string[]; total: number } | null = null;
  for (let mask = 1; mask < 1 << people.length; mask++) {
    const group = people.filter((_, i) => mask & (1 << i));
    const selfFen = group.filter((p) => p.self).reduce((s, p) => s + p.amountFen, 0);
    const othersFen = group.filter((p) => !p.self).reduce((s, p) => s + p.amountFen, 0);
    if (!planDebit(balance, selfFen, othersFen, shared).ok) continue;
    const total = selfFen + othersFen;
    if (!best || total > best.total || (total === best.total && group.length > best.ids.length)) best = { ids: group.map((p) => p.personId), total };
  }
  return best;
}

describe('#14 finding 8: the largest group the account can pay for', () => {
  it('is payable, and no other group pays more, or as much with more people', () => {
    fc.assert(
      fc.property(fen, fen, fc.array(person, { maxLength: 6 }), buckets, (historicalFen, currentFen, raw, shared) => {
        const people = raw.map((p, i) => ({ ...p, personId: `p${i}` }));
        const balance = { historicalFen, currentFen };
        const got = largestPayableGroup(balance, people, shared);
        const want = bestByBruteForce(balance, people, shared);
        if (!want) return expect(got).toBeNull();
        expect(got).not.toBeNull();
        expect(got!.totalFen).toBe(want.total);
        expect(got!.personIds.length).toBe(want.ids.length);
        const chosen = people.filter((p) => got!.personIds.includes(p.personId));
        const selfFen = chosen.filter((p) => p.self).reduce((s, p) => s + p.amountFen, 0);
        expect(planDebit(balance, selfFen, got!.totalFen - selfFen, shared).ok).toBe(true);
      }),
    );
  });

  it('a tie in money keeps more people: ¥30 for two beats ¥30 for one', () => {
    const people = [
      { personId: 'big', amountFen: 3000, self: false },
      { personId: 'a', amountFen: 1000, self: false },
      { personId: 'b', amountFen: 2000, self: false },
    ];
    expect(largestPayableGroup({ historicalFen: 3000, currentFen: 0 }, people)).toEqual({ personIds: ['a', 'b'], totalFen: 3000 });
  });

  it('the payer’s own part may use 当年, the others’ not (HISTORICAL): who is self matters', () => {
    const people = [
      { personId: 'me', amountFen: 5000, self: true },
      { personId: 'kid', amountFen: 4000, self: false },
    ];
    expect(largestPayableGroup({ historicalFen: 4000, currentFen: 5000 }, people)).toEqual({ personIds: ['me', 'kid'], totalFen: 9000 });
    expect(largestPayableGroup({ historicalFen: 4000, currentFen: 5000 }, people.map((p) => ({ ...p, self: false })))).toEqual({ personIds: ['kid'], totalFen: 4000 });
  });

  it('at most 12 people are weighed (2^12 groups): a 13th is left out', () => {
    const people = Array.from({ length: 13 }, (_, i) => ({ personId: `p${i}`, amountFen: i === 12 ? 9000 : 100, self: false }));
    expect(largestPayableGroup({ historicalFen: 9000, currentFen: 0 }, people)).toEqual({ personIds: people.slice(0, 12).map((p) => p.personId), totalFen: 1200 });
  });
});
