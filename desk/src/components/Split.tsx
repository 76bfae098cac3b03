import { money, SettlementSplitView } from '@yibao/shared';

/** Every part of a bill (P-SET-2..4), named as the clerk tells the patient. */
export function Split({ split, title, busy = false }: { split: SettlementSplitView | null; title: string; busy?: boolean }) {
  const rows: [string, number | null][] = split
    ? [
        ['统筹基金', split.fundFen],
        ['个人账户(当年)', split.ownAccount.currentFen],
        ['个人账户(历年)', split.ownAccount.historicalFen],
        ...(split.family.length > 0
          ? split.family.map((f): [string, number] => [`家庭共济（${f.organizer.maskedName}）`, f.historicalFen])
          : [['家庭共济', 0] as [string, number]]),
        ['现金', split.cashFen],
      ]
    : ['统筹基金', '个人账户(当年)', '个人账户(历年)', '家庭共济', '现金'].map((l): [string, null] => [l, null]);
  return (
    <section className="split" aria-label={title} aria-busy={busy}>
      <table>
        <tbody>
          {rows.map(([label, fen]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td className="amount">{fen === null ? '—' : money(fen)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">合计</th>
            <td className="amount">{split ? money(split.totalFen) : '—'}</td>
          </tr>
        </tfoot>
      </table>
      <p className="muted deductible">本次计入起付线：{split ? money(split.deductibleAppliedFen) : '—'}</p>
    </section>
  );
}
