import { registerCredential, scanReceived } from './privacy';

export interface Res {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  text: string;
  headers: Headers;
}

export interface RequestOptions {
  auth?: string | { Authorization: string };
  /** A value to send as JSON, or `raw` text as it is. */
  json?: unknown;
  raw?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/**
 * fetch over loopback; every response body is scanned for ID numbers and phones and every token
 * it carries is remembered (the log scan looks for them).
 */
export async function call(base: string, method: string, path: string, opts: RequestOptions = {}): Promise<Res> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.auth) headers.Authorization = typeof opts.auth === 'string' ? `Bearer ${opts.auth}` : opts.auth.Authorization;
  let body: string | undefined;
  if (opts.raw !== undefined) {
    body = opts.raw;
    headers['Content-Type'] ??= 'application/json';
  } else if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers['Content-Type'] ??= 'application/json';
  }
  const res = await fetch(base + path, { method, headers, body, signal: AbortSignal.timeout(opts.timeoutMs ?? 60_000) });
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  scanReceived(text, `${method} ${path} → ${res.status}`);
  if (parsed && typeof parsed === 'object') {
    const p = parsed as Record<string, unknown>;
    registerCredential(p.accessToken);
    registerCredential(p.refreshToken);
    registerCredential(p.token);
  }
  return { status: res.status, body: parsed, text, headers: res.headers };
}

/** A network error (connection refused or reset, socket closed): the mini-program retries these. */
export function isNetworkError(err: unknown): boolean {
  // fetch's errors come from outside jest's realm: no instanceof
  const e = err as { name?: unknown; message?: unknown; cause?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return true;
  const cause = e.cause as { code?: unknown; message?: unknown } | undefined;
  return e.message === 'fetch failed' || /ECONNREFUSED|ECONNRESET|EPIPE|socket|other side closed|UND_ERR/i.test(`${String(e.message)} ${String(cause?.code ?? '')} ${String(cause?.message ?? '')}`);
}

export class Api {
  constructor(readonly base: string) {}

  get(path: string, opts?: RequestOptions) {
    return call(this.base, 'GET', path, opts);
  }
  post(path: string, json?: unknown, opts: RequestOptions = {}) {
    return call(this.base, 'POST', path, { ...opts, json: opts.json ?? json });
  }
  put(path: string, json?: unknown, opts: RequestOptions = {}) {
    return call(this.base, 'PUT', path, { ...opts, json: opts.json ?? json });
  }
  delete(path: string, opts?: RequestOptions) {
    return call(this.base, 'DELETE', path, opts);
  }

  /** Signs in with a sandbox openid. */
  async login(openid: string): Promise<{ accessToken: string; refreshToken: string }> {
    const res = await this.post('/api/v1/auth/login', { code: `sandbox:${openid}` });
    if (res.status !== 200) throw new Error(`login ${openid}: ${res.status} ${res.text}`);
    return res.body;
  }

  /** Signs in and verifies as that citizen; returns the token and the person id. */
  async citizen(openid: string, c: { name: string; idNumber: string; phone: string }): Promise<{ token: string; personId: string; userId: string }> {
    const { accessToken } = await this.login(openid);
    const v = await this.post('/api/v1/identity/verify', { name: c.name, idNumber: c.idNumber, phone: c.phone }, { auth: accessToken });
    if (v.status !== 200) throw new Error(`verify: ${v.status} ${v.text}`);
    const me = await this.get('/api/v1/me', { auth: accessToken });
    return { token: accessToken, personId: me.body.person.personId, userId: me.body.userId };
  }

  async hospital(hospitalId: string, secret: string): Promise<string> {
    const res = await this.post('/api/v1/hospital/sessions', { hospitalId, secret });
    if (res.status !== 200) throw new Error(`hospital session: ${res.status} ${res.text}`);
    return res.body.accessToken;
  }

  async balance(token: string): Promise<{ historicalFen: number; currentFen: number }> {
    const me = await this.get('/api/v1/me', { auth: token });
    if (me.status !== 200) throw new Error(`me: ${me.status}`);
    return me.body.person.insurance.account;
  }
}
