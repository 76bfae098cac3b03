import { money, Settlement } from '@yibao/shared';
import { fullTime } from '../format';
import { Split } from './Split';

/** The receipt handed to the patient; `@media print` prints it alone on A5 or 80 mm paper. */
export function Receipt({
  settlement,
  hospitalId,
  hospitalName,
  onNext,
}: {
  settlement: Settlement;
  hospitalId: string;
  hospitalName?: string;
  onNext: () => void;
}) {
  return (
    <article className="receipt" aria-label="结算收据">
      <h2>医保结算收据</h2>
      <dl>
        <dt>医院</dt>
        <dd>{hospitalName ? `${hospitalName}（${hospitalId}）` : hospitalId}</dd>
        <dt>时间</dt>
        <dd>{fullTime(settlement.settledAt)}</dd>
        <dt>账单号</dt>
        <dd>{settlement.billNo}</dd>
        <dt>患者</dt>
        <dd>{settlement.patient.maskedName}</dd>
        <dt>合规金额</dt>
        <dd>{money(settlement.compliantFen)}</dd>
        <dt>状态</dt>
        <dd>{settlement.status === 'REFUNDED' ? `已退费（${fullTime(settlement.refundedAt)}）` : '已结算'}</dd>
      </dl>
      <Split split={settlement} title="结算明细" />
      <p className="receipt-foot">请妥善保管本收据</p>
      <div className="actions no-print">
        <button type="button" className="primary" onClick={() => window.print()}>
          打印收据
        </button>
        <button type="button" onClick={onNext}>
          下一位
        </button>
      </div>
    </article>
  );
}
