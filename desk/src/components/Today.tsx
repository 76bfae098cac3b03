import { money, Settlement } from '@yibao/shared';
import { KeyboardEvent, useCallback, useEffect, useRef, useState } from 'react';
import { Client } from '../api';
import { clockTime, refusal } from '../format';

interface Props {
  client: Client;
  /** Midnight today in Asia/Shanghai. */
  since: string;
  /** Bumped after a settlement: the list is read again. */
  version: number;
  onDialog: (open: boolean) => void;
  onRefunded: (s: Settlement) => void;
}

/** 今日结算: the hospital's settlements since midnight, newest first; 退费 behind a confirmation. */
export function Today({ client, since, version, onDialog, onRefunded }: Props) {
  const [rows, setRows] = useState<Settlement[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState<Settlement | null>(null);
  const [refundError, setRefundError] = useState<string | null>(null);
  const [refunding, setRefunding] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const opener = useRef<HTMLElement | null>(null);

  const load = useCallback(async () => {
    try {
      const list = await client('hospitalSettlements', { query: { since } });
      setRows([...list].sort((a, b) => Date.parse(b.settledAt) - Date.parse(a.settledAt)));
      setError(null);
    } catch (err) {
      setError(`今日结算暂时无法读取：${refusal(err)}`);
    }
  }, [client, since]);

  useEffect(() => {
    void load();
  }, [load, version]);

  useEffect(() => {
    onDialog(asking !== null);
    if (asking) confirmRef.current?.focus();
  }, [asking, onDialog]);

  const close = () => {
    setAsking(null);
    setRefundError(null);
    setTimeout(() => opener.current?.focus(), 0);
  };

  const refund = async () => {
    if (!asking || refunding) return;
    setRefunding(true);
    setRefundError(null);
    try {
      const s = await client('refund', { params: { settlementId: asking.settlementId } });
      setRows((r) => r?.map((x) => (x.settlementId === s.settlementId ? s : x)) ?? r);
      onRefunded(s);
      setAsking(null);
      opener.current = null;
      void load();
    } catch (err) {
      setRefundError(refusal(err));
    } finally {
      setRefunding(false);
    }
  };

  const onDialogKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close();
    }
  };

  return (
    <section className="card today" aria-labelledby="today-title">
      <h2 id="today-title">今日结算</h2>
      {error && <p className="error">{error}</p>}
      {rows && rows.length === 0 && <p className="muted">今天还没有结算</p>}
      {rows && rows.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">时间</th>
              <th scope="col">账单号</th>
              <th scope="col">患者</th>
              <th scope="col">总金额</th>
              <th scope="col">统筹基金</th>
              <th scope="col">个人账户</th>
              <th scope="col">家庭共济</th>
              <th scope="col">现金</th>
              <th scope="col">状态</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <tr key={s.settlementId} data-bill={s.billNo} className={s.status === 'REFUNDED' ? 'refunded' : ''}>
                <td>{clockTime(s.settledAt)}</td>
                <td className="mono">{s.billNo}</td>
                <td>{s.patient.maskedName}</td>
                <td className="amount">{money(s.totalFen)}</td>
                <td className="amount">{money(s.fundFen)}</td>
                <td className="amount">{money(s.ownAccount.currentFen + s.ownAccount.historicalFen)}</td>
                <td className="amount">{money(s.family.reduce((n, f) => n + f.historicalFen, 0))}</td>
                <td className="amount">{money(s.cashFen)}</td>
                <td>
                  {s.status === 'REFUNDED' ? (
                    <span className="tag">已退费 {clockTime(s.refundedAt)}</span>
                  ) : (
                    <button
                      type="button"
                      className="danger small"
                      onClick={(e) => {
                        opener.current = e.currentTarget;
                        setAsking(s);
                      }}
                    >
                      退费
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {asking && (
        <div className="backdrop" onKeyDown={onDialogKey}>
          <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="refund-title" aria-describedby="refund-text">
            <h3 id="refund-title">退费确认</h3>
            <p id="refund-text">
              账单 {asking.billNo}（{asking.patient.maskedName}）共 {money(asking.totalFen)}
              ：统筹基金、个人账户和家庭共济支付的部分原路退回，现金 {money(asking.cashFen)} 请当面退还患者。
            </p>
            <p className="error" role="alert">
              {refundError ?? ''}
            </p>
            <div className="actions">
              <button type="button" ref={confirmRef} className="danger" disabled={refunding} onClick={() => void refund()}>
                确认退费
              </button>
              <button type="button" onClick={close}>
                取消
              </button>
            </div>
          </div>
        </div>
      )}
    </section>
  );
}
