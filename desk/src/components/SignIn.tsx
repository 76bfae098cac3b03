import { check, hospitalSessionBody } from '@yibao/shared';
import { FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError, Client } from '../api';
import { refusal } from '../format';
import type { DeskSession } from '../session';

interface Props {
  client: Client;
  now: () => Date;
  expired: boolean;
  keptBill: boolean;
  lastHospitalId: string;
  onSignedIn: (s: DeskSession) => void;
}

export function SignIn({ client, now, expired, keptBill, lastHospitalId, onSignedIn }: Props) {
  const [hospitalId, setHospitalId] = useState(lastHospitalId);
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  const second = useRef<HTMLInputElement>(null);

  useEffect(() => {
    (lastHospitalId ? second : first).current?.focus();
  }, [lastHospitalId]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const body = check(hospitalSessionBody, { hospitalId: hospitalId.trim(), secret });
    if (!body.ok) {
      setError(body.reasons.map((r) => (r.field === 'hospitalId' ? '请填写医院编号（字母、数字）' : r.field === 'secret' ? '请填写终端密钥' : r.message)).join('；'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await client('hospitalSession', { body: body.value });
      onSignedIn({ token: r.accessToken, hospitalId: body.value.hospitalId, hospitalName: r.hospital?.name, expiresAt: now().getTime() + r.expiresIn * 1000 });
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? '医院编号或终端密钥不正确' : refusal(err));
      setSecret('');
      setBusy(false);
    }
  };

  return (
    <main className="signin">
      <form className="card signin-card" onSubmit={submit} noValidate>
        <h1>医保窗口</h1>
        <p className="muted">医院医保结算窗口 · 请使用本院终端密钥登录</p>
        {expired && (
          <p className="notice" role="status">
            登录已失效，请重新登录{keptBill ? '；正在办理的账单已保留' : ''}
          </p>
        )}
        <label htmlFor="hospitalId">医院编号</label>
        <input id="hospitalId" ref={first} value={hospitalId} autoComplete="username" onChange={(e) => setHospitalId(e.target.value)} />
        <label htmlFor="secret">终端密钥</label>
        <input id="secret" ref={second} type="password" value={secret} autoComplete="current-password" onChange={(e) => setSecret(e.target.value)} />
        <p className="error" role="alert">
          {error ?? ''}
        </p>
        <button type="submit" className="primary" disabled={busy}>
          登录
        </button>
      </form>
    </main>
  );
}
