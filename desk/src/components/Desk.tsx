import {
  billNoField,
  CheckIn,
  FIELD_REASONS,
  GENDER_LABELS,
  parseYuan,
  regionLabel,
  SCHEME_LABELS,
  Settlement,
  SettlementSplitView,
  shanghaiDate,
  startOfShanghaiDay,
  STATUS_LABELS,
  toShanghaiIso,
} from '@yibao/shared';
import { ClipboardEvent, Dispatch, KeyboardEvent, SetStateAction, useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, Client } from '../api';
import { CameraScan, startCamera } from '../camera';
import { newBillNo, refusal, scanRefusal } from '../format';
import type { DeskSession } from '../session';
import { Receipt } from './Receipt';
import { Split } from './Split';
import { Today } from './Today';

/** What the clerk has in hand: the patient checked in and the bill being typed (kept across a re-sign-in). */
export interface Draft {
  hospitalId: string;
  checkIn: CheckIn | null;
  billNo: string;
  total: string;
  compliant: string;
  payFromAccounts: boolean;
  receipt: Settlement | null;
}

export function emptyDraft(now: Date, hospitalId = ''): Draft {
  return { hospitalId, checkIn: null, billNo: newBillNo(now), total: '', compliant: '', payFromAccounts: true, receipt: null };
}

/** The preview debounce: the split follows the typing without a call per keystroke. */
export const PREVIEW_DEBOUNCE_MS = 400;

interface Props {
  client: Client;
  session: DeskSession;
  now: () => Date;
  draft: Draft;
  setDraft: Dispatch<SetStateAction<Draft>>;
  onExpired: () => void;
  onSignOut: () => void;
}

interface BillCheck {
  billNo?: string;
  total?: string;
  compliant?: string;
  value?: { totalFen: number; compliantFen: number; billNo: string };
}

function checkBill(d: Draft): BillCheck {
  const out: BillCheck = {};
  const total = parseYuan(d.total);
  const compliant = parseYuan(d.compliant);
  if (!total.ok) out.total = total.message;
  if (!compliant.ok) out.compliant = compliant.message;
  if (total.ok && compliant.ok && compliant.fen > total.fen) out.compliant = FIELD_REASONS.COMPLIANT_OVER_TOTAL;
  const billNo = billNoField.safeParse(d.billNo.trim());
  if (!billNo.success) out.billNo = billNo.error.issues[0]?.message ?? FIELD_REASONS.FIELD_INVALID;
  if (total.ok && compliant.ok && !out.compliant && billNo.success) out.value = { totalFen: total.fen, compliantFen: compliant.fen, billNo: billNo.data };
  return out;
}

const EDITABLE = 'input, textarea, select, [contenteditable="true"]';

export function Desk({ client, session, now, draft, setDraft, onExpired, onSignOut }: Props) {
  const [code, setCode] = useState('');
  const [scanError, setScanError] = useState<string | null>(null);
  const [checkingIn, setCheckingIn] = useState(false);
  const [camera, setCamera] = useState<'off' | 'starting' | 'on'>('off');
  const [cameraError, setCameraError] = useState<string | null>(null);
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [preview, setPreview] = useState<{ key: string; split: SettlementSplitView } | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [settleError, setSettleError] = useState<string | null>(null);
  const [settling, setSettling] = useState(false);
  const [todayVersion, setTodayVersion] = useState(0);
  const [dialogOpen, setDialogOpen] = useState(false);

  const codeRef = useRef<HTMLInputElement>(null);
  const billNoRef = useRef<HTMLInputElement>(null);
  const totalRef = useRef<HTMLInputElement>(null);
  const compliantRef = useRef<HTMLInputElement>(null);
  const switchRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const videoRef = useRef<HTMLVideoElement>(null);
  const scanRef = useRef<CameraScan | null>(null);
  const previewSeq = useRef(0);

  const bill = checkBill(draft);
  const billKey = bill.value && draft.checkIn ? `${draft.checkIn.checkInId}|${bill.value.totalFen}|${bill.value.compliantFen}|${draft.payFromAccounts}` : null;

  useEffect(() => {
    setDraft((d) => (d.hospitalId === session.hospitalId ? d : { ...d, hospitalId: session.hospitalId }));
  }, [session.hospitalId, setDraft]);

  // the session's own end: back to sign-in (the draft stays)
  useEffect(() => {
    const left = session.expiresAt - now().getTime();
    const timer = setTimeout(onExpired, Math.max(0, Math.min(left, 2 ** 31 - 1)));
    return () => clearTimeout(timer);
  }, [session.expiresAt, now, onExpired]);

  // keyboard-wedge scanners type into whatever has focus: the code field has it whenever no
  // other field is being edited
  const dialogRef = useRef(dialogOpen);
  dialogRef.current = dialogOpen;
  useEffect(() => {
    const refocus = () =>
      setTimeout(() => {
        const active = document.activeElement;
        if (dialogRef.current) return;
        if (!active || active === document.body || !(active instanceof HTMLElement) || !active.closest('button, a, ' + EDITABLE)) codeRef.current?.focus();
      }, 0);
    document.addEventListener('focusout', refocus);
    document.addEventListener('click', refocus);
    if (!draft.checkIn || draft.receipt) codeRef.current?.focus();
    else totalRef.current?.focus();
    return () => {
      document.removeEventListener('focusout', refocus);
      document.removeEventListener('click', refocus);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const stopCamera = useCallback(() => {
    scanRef.current?.stop();
    scanRef.current = null;
    setCamera('off');
  }, []);
  useEffect(() => stopCamera, [stopCamera]);

  const update = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  const checkIn = async (raw: string) => {
    const token = raw.trim();
    if (!token || checkingIn) return;
    setCheckingIn(true);
    setScanError(null);
    try {
      const result = await client('checkIn', { body: { token } });
      setCode('');
      setPreview(null);
      setPreviewError(null);
      setSettleError(null);
      setTouched({});
      setDraft((d) => ({ ...emptyDraft(now(), d.hospitalId), checkIn: result }));
      setTimeout(() => totalRef.current?.focus(), 0);
    } catch (err) {
      setScanError(scanRefusal(err));
      setCode('');
      codeRef.current?.focus();
    } finally {
      setCheckingIn(false);
    }
  };

  const toggleCamera = async () => {
    if (camera !== 'off') {
      stopCamera();
      return;
    }
    setCameraError(null);
    setCamera('starting');
    try {
      scanRef.current = await startCamera(videoRef.current!, (text) => {
        stopCamera();
        void checkIn(text);
      });
      setCamera((c) => (c === 'starting' ? 'on' : c));
    } catch (err) {
      setCamera('off');
      setCameraError(err instanceof Error && /[\u4e00-\u9fff]/.test(err.message) ? err.message : '无法打开摄像头，请检查摄像头权限，或用扫码枪、粘贴医保码');
    }
  };

  const runPreview = useCallback(async () => {
    if (!bill.value || !draft.checkIn || !billKey) return;
    const seq = ++previewSeq.current;
    setPreviewing(true);
    try {
      const split = await client('previewSettlement', {
        body: { checkInId: draft.checkIn.checkInId, totalFen: bill.value.totalFen, compliantFen: bill.value.compliantFen, payFromAccounts: draft.payFromAccounts },
      });
      if (seq === previewSeq.current) {
        setPreview({ key: billKey, split });
        setPreviewError(null);
      }
    } catch (err) {
      if (seq === previewSeq.current) setPreviewError(`预结算失败：${refusal(err)}`);
    } finally {
      if (seq === previewSeq.current) setPreviewing(false);
    }
  }, [bill.value?.totalFen, bill.value?.compliantFen, billKey, client, draft.checkIn, draft.payFromAccounts]); // eslint-disable-line react-hooks/exhaustive-deps

  // the live preview, debounced after each change
  useEffect(() => {
    if (!billKey || draft.receipt) return;
    const timer = setTimeout(() => void runPreview(), PREVIEW_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [billKey, draft.receipt]); // eslint-disable-line react-hooks/exhaustive-deps

  const settle = async () => {
    setTouched({ billNo: true, total: true, compliant: true });
    if (!bill.value || !draft.checkIn || settling || draft.receipt) return;
    setSettling(true);
    setSettleError(null);
    try {
      const s = await client('settle', {
        body: { checkInId: draft.checkIn.checkInId, billNo: bill.value.billNo, totalFen: bill.value.totalFen, compliantFen: bill.value.compliantFen, payFromAccounts: draft.payFromAccounts },
      });
      update({ receipt: s });
      setTodayVersion((v) => v + 1);
      setTimeout(() => codeRef.current?.focus(), 0);
    } catch (err) {
      setSettleError(err instanceof ApiError && err.code === 'BILL_NO_REUSED' ? `${err.message}（可修改账单号后重试）` : `结算失败：${refusal(err)}`);
    } finally {
      setSettling(false);
    }
  };

  const cancel = () => {
    setDraft((d) => emptyDraft(now(), d.hospitalId));
    setPreview(null);
    setPreviewError(null);
    setSettleError(null);
    setTouched({});
    setTimeout(() => codeRef.current?.focus(), 0);
  };

  const onFormKey = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void settle();
      return;
    }
    if (e.key === 'Escape') {
      e.preventDefault();
      cancel();
      return;
    }
    if (e.key === 'Enter' && e.target instanceof HTMLInputElement) {
      e.preventDefault();
      const order = [billNoRef, totalRef, compliantRef, switchRef, confirmRef];
      const i = order.findIndex((r) => r.current === e.target);
      order[Math.min(i + 1, order.length - 1)].current?.focus();
    }
  };

  const onCodeKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      void checkIn(code);
    } else if (e.key === 'Escape' && draft.checkIn && !draft.receipt) {
      cancel();
    }
  };

  const onPaste = (e: ClipboardEvent<HTMLInputElement>) => {
    const text = e.clipboardData.getData('text');
    if (text.trim()) {
      e.preventDefault();
      setCode(text.trim());
      void checkIn(text);
    }
  };

  const patient = draft.checkIn?.patient;
  const showError = (field: 'billNo' | 'total' | 'compliant') => (touched[field] || draft[field] !== '' ? bill[field] : undefined);
  const currentPreview = preview && preview.key === billKey ? preview.split : null;

  return (
    <div className="desk">
      <header className="topbar">
        <strong className="brand">医保窗口</strong>
        <span className="muted">{session.hospitalName ? `${session.hospitalName}（${session.hospitalId}）` : `医院编号 ${session.hospitalId}`}</span>
        <button type="button" className="link" onClick={onSignOut}>
          退出
        </button>
      </header>
      <main className="columns">
        <section className="card scan" aria-labelledby="scan-title">
          <h2 id="scan-title">扫码签到</h2>
          <label htmlFor="code">医保码</label>
          <div className="row">
            <input
              id="code"
              ref={codeRef}
              value={code}
              autoComplete="off"
              spellCheck={false}
              placeholder="扫码枪扫码、粘贴或输入后按回车"
              onChange={(e) => setCode(e.target.value)}
              onKeyDown={onCodeKey}
              onPaste={onPaste}
            />
            <button type="button" onClick={() => void toggleCamera()} aria-pressed={camera !== 'off'}>
              扫码
            </button>
          </div>
          <div className={`camera ${camera === 'off' ? 'camera-off' : ''}`}>
            <video ref={videoRef} muted playsInline aria-label="摄像头画面" />
            {camera === 'off' && <span className="muted">点“扫码”用摄像头识别患者的医保码</span>}
          </div>
          <p className="error" role="alert">
            {scanError ?? cameraError ?? (checkingIn ? '' : '')}
          </p>
          {patient ? (
            <article className="patient" aria-label="患者信息">
              <p className="patient-name">{patient.maskedName}</p>
              <dl>
                <dt>身份证号</dt>
                <dd>{patient.maskedIdNumber}</dd>
                <dt>性别</dt>
                <dd>{GENDER_LABELS[patient.gender]}</dd>
                <dt>年龄</dt>
                <dd>{patient.age}岁</dd>
                <dt>险种</dt>
                <dd>{SCHEME_LABELS[patient.insurance.scheme]}</dd>
                <dt>参保状态</dt>
                <dd>{STATUS_LABELS[patient.insurance.status]}</dd>
                <dt>参保地</dt>
                <dd>{regionLabel(patient.insurance.region)}</dd>
              </dl>
            </article>
          ) : (
            <p className="patient patient-empty muted">等待患者出示医保码</p>
          )}
        </section>

        <section className="card bill" aria-labelledby="bill-title" onKeyDown={onFormKey}>
          {draft.receipt ? (
            <Receipt settlement={draft.receipt} hospitalId={session.hospitalId} hospitalName={session.hospitalName} onNext={cancel} />
          ) : (
            <>
              <h2 id="bill-title">结算</h2>
              <fieldset disabled={!draft.checkIn}>
                <label htmlFor="billNo">账单号</label>
                <input id="billNo" ref={billNoRef} value={draft.billNo} autoComplete="off" onChange={(e) => update({ billNo: e.target.value })} onBlur={() => setTouched((t) => ({ ...t, billNo: true }))} aria-invalid={!!showError('billNo')} aria-describedby="billNo-error" />
                <p className="field-error" id="billNo-error">
                  {showError('billNo') ?? ''}
                </p>
                <div className="two">
                  <div>
                    <label htmlFor="total">总金额</label>
                    <input id="total" ref={totalRef} inputMode="decimal" value={draft.total} placeholder="0.00" autoComplete="off" onChange={(e) => update({ total: e.target.value })} onBlur={() => setTouched((t) => ({ ...t, total: true }))} aria-invalid={!!showError('total')} aria-describedby="total-error" />
                    <p className="field-error" id="total-error">
                      {showError('total') ?? ''}
                    </p>
                  </div>
                  <div>
                    <label htmlFor="compliant">合规金额</label>
                    <input id="compliant" ref={compliantRef} inputMode="decimal" value={draft.compliant} placeholder="0.00" autoComplete="off" onChange={(e) => update({ compliant: e.target.value })} onBlur={() => setTouched((t) => ({ ...t, compliant: true }))} aria-invalid={!!showError('compliant')} aria-describedby="compliant-error" />
                    <p className="field-error" id="compliant-error">
                      {showError('compliant') ?? ''}
                    </p>
                  </div>
                </div>
                <label className="switch">
                  <input ref={switchRef} type="checkbox" role="switch" checked={draft.payFromAccounts} onChange={(e) => update({ payFromAccounts: e.target.checked })} />
                  <span>使用个人账户和家庭共济</span>
                </label>
              </fieldset>
              <Split split={currentPreview} title="预结算" busy={previewing} />
              <p className="error" role="alert">
                {settleError ?? previewError ?? ''}
              </p>
              <div className="actions">
                <button type="button" disabled={!billKey || previewing} onClick={() => void runPreview()}>
                  预结算
                </button>
                <button type="button" ref={confirmRef} className="primary" disabled={!billKey || settling} onClick={() => void settle()}>
                  确认结算
                </button>
                <button type="button" className="link" disabled={!draft.checkIn} onClick={cancel}>
                  取消
                </button>
              </div>
              <p className="muted keys">回车：下一项 · Ctrl+回车：确认结算 · Esc：取消</p>
            </>
          )}
        </section>
      </main>
      <Today client={client} since={toShanghaiIso(startOfShanghaiDay(shanghaiDate(now())))} version={todayVersion} onDialog={setDialogOpen} onRefunded={(s) => draft.receipt?.settlementId === s.settlementId && update({ receipt: s })} />
    </div>
  );
}
