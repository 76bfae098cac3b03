import * as crypto from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A wait that does not keep the process alive. */
const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

/** What the fake answers next on a path instead of its normal behaviour (one entry per request). */
export type Scripted = { errcode: number } | { delayMs: number } | { status: number } | 'drop';

export interface SentMessage {
  touser: string;
  template_id: string;
  page: string;
  data: Record<string, { value: string }>;
}

/**
 * A stand-in for WeChat's server API (the parts API.md WeChat names), for tests: it checks the
 * appid and secret (40013, 40125), issues wx.login and getPhoneNumber codes that work once (40029
 * unknown, 40163 used), access tokens that expire or are invalidated (42001, 40001), and answers
 * what a test scripts (-1, 45011, a slow answer, a dropped connection, a 5xx). A request whose
 * client went away before the answer is not counted (a sent message is recorded once answered).
 */
export class FakeWechat {
  readonly appId = 'wxfake0123456789';
  readonly secret = 'fake-secret-' + crypto.randomBytes(8).toString('hex');
  private server!: http.Server;
  url = '';
  private readonly loginCodes = new Map<string, { openid: string; used: boolean }>();
  private readonly phoneCodes = new Map<string, { phone: string; used: boolean }>();
  private readonly tokens = new Map<string, { expiresAt: number; invalid: boolean }>();
  private current: string | null = null;
  private readonly scripts = new Map<string, Scripted[]>();
  readonly openids = new Set<string>();
  /** Every request by path (query and body kept, for tests that check what was sent). */
  readonly requests: { method: string; path: string; query: Record<string, string>; body: unknown }[] = [];
  readonly messages: SentMessage[] = [];
  /** Every session_key handed out (tests check none of them leaks). */
  readonly sessionKeys: string[] = [];
  tokenLifetimeSeconds = 7200;
  /** Every request waits this long before its answer (ms). */
  delayMs = 0;
  /** Answer nothing at all (connections are cut): WeChat unreachable. */
  down = false;
  /** Requests to message/subscribe/send wait until `release()` (a send in flight). */
  private held: (() => void)[] = [];
  holdSends = false;

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 1000;
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.release();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /** A wx.login code for this openid (works once). */
  loginCode(openid: string): string {
    const code = 'wx' + crypto.randomBytes(12).toString('hex');
    this.loginCodes.set(code, { openid, used: false });
    this.openids.add(openid);
    return code;
  }

  /** A getPhoneNumber code for this phone (works once). */
  phoneCode(phone: string): string {
    const code = 'ph' + crypto.randomBytes(12).toString('hex');
    this.phoneCodes.set(code, { phone, used: false });
    return code;
  }

  /** The next requests on `path` get these answers, in order. */
  script(path: string, ...answers: Scripted[]): void {
    this.scripts.set(path, [...(this.scripts.get(path) ?? []), ...answers]);
  }

  /** Every token issued so far expires now (42001 from then on). */
  expireTokens(): void {
    for (const t of this.tokens.values()) t.expiresAt = 0;
  }

  /** Every token issued so far is invalid now (40001), as when another party fetched a new one. */
  invalidateTokens(): void {
    for (const t of this.tokens.values()) t.invalid = true;
  }

  count(path: string): number {
    return this.requests.filter((r) => r.path === path).length;
  }

  /** Held sends are forgotten unanswered (their caller died): they never count. */
  dropHeld(): void {
    this.held = [];
  }

  release(): void {
    const held = this.held;
    this.held = [];
    for (const go of held) go();
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (this.down) {
      req.socket.destroy();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://x');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: unknown = undefined;
    if (chunks.length) {
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = null;
      }
    }
    const query = Object.fromEntries(url.searchParams);
    this.requests.push({ method: req.method ?? '', path: url.pathname, query, body });
    let gone = false;
    res.on('close', () => {
      if (!res.writableFinished) gone = true;
    });
    const send = (status: number, answer: unknown) => {
      if (gone || res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer));
    };
    if (this.delayMs) await pause(this.delayMs);
    const next = this.scripts.get(url.pathname)?.shift();
    if (next === 'drop') {
      req.socket.destroy();
      return;
    }
    if (next && 'errcode' in next) return send(200, { errcode: next.errcode, errmsg: 'scripted' });
    if (next && 'status' in next) return send(next.status, { errcode: -1, errmsg: 'scripted status' });
    if (next && 'delayMs' in next) await pause(next.delayMs);
    if (gone) return;
    send(200, await this.answer(req.method ?? '', url.pathname, query, body, () => gone));
  }

  private async answer(method: string, path: string, q: Record<string, string>, body: unknown, gone: () => boolean): Promise<unknown> {
    const b = (body ?? {}) as Record<string, unknown>;
    switch (`${method} ${path}`) {
      case 'GET /sns/jscode2session': {
        if (q.grant_type !== 'authorization_code') return { errcode: 40002, errmsg: 'invalid grant_type' };
        const bad = this.credentials(q.appid, q.secret);
        if (bad) return bad;
        const c = this.loginCodes.get(q.js_code ?? '');
        if (!c) return { errcode: 40029, errmsg: 'invalid code' };
        if (c.used) return { errcode: 40163, errmsg: 'code been used' };
        c.used = true;
        const sessionKey = crypto.randomBytes(16).toString('base64');
        this.sessionKeys.push(sessionKey);
        return { openid: c.openid, session_key: sessionKey };
      }
      case 'POST /cgi-bin/stable_token': {
        if (b.grant_type !== 'client_credential') return { errcode: 40002, errmsg: 'invalid grant_type' };
        const bad = this.credentials(b.appid, b.secret);
        if (bad) return bad;
        const cur = this.current ? this.tokens.get(this.current) : undefined;
        if (!cur || b.force_refresh === true || cur.invalid || cur.expiresAt <= Date.now()) {
          this.current = 'AT' + crypto.randomBytes(16).toString('hex');
          this.tokens.set(this.current, { expiresAt: Date.now() + this.tokenLifetimeSeconds * 1000, invalid: false });
        }
        return { access_token: this.current, expires_in: Math.max(1, Math.round((this.tokens.get(this.current!)!.expiresAt - Date.now()) / 1000)) };
      }
      case 'POST /wxa/business/getuserphonenumber': {
        const bad = this.token(q.access_token);
        if (bad) return bad;
        const c = this.phoneCodes.get(typeof b.code === 'string' ? b.code : '');
        if (!c) return { errcode: 40029, errmsg: 'invalid code' };
        if (c.used) return { errcode: 40163, errmsg: 'code been used' };
        c.used = true;
        return { errcode: 0, errmsg: 'ok', phone_info: { phoneNumber: c.phone, purePhoneNumber: c.phone, countryCode: '86', watermark: { timestamp: Math.floor(Date.now() / 1000), appid: this.appId } } };
      }
      case 'POST /cgi-bin/message/subscribe/send': {
        const bad = this.token(q.access_token);
        if (bad) return bad;
        if (typeof b.touser !== 'string' || !this.openids.has(b.touser)) return { errcode: 40003, errmsg: 'invalid openid' };
        if (typeof b.template_id !== 'string' || !b.template_id) return { errcode: 40037, errmsg: 'invalid template_id' };
        if (this.holdSends) await new Promise<void>((r) => this.held.push(r));
        // the message counts only if the answer reaches the caller
        if (gone()) return { errcode: -1, errmsg: 'client gone' };
        this.messages.push({ touser: b.touser, template_id: b.template_id, page: String(b.page ?? ''), data: b.data as SentMessage['data'] });
        return { errcode: 0, errmsg: 'ok', msgid: this.messages.length };
      }
      default:
        return { errcode: 40066, errmsg: 'invalid url' };
    }
  }

  private credentials(appid: unknown, secret: unknown) {
    if (appid !== this.appId) return { errcode: 40013, errmsg: 'invalid appid' };
    if (secret !== this.secret) return { errcode: 40125, errmsg: 'invalid appsecret' };
    return null;
  }

  private token(token: string | undefined) {
    const t = token ? this.tokens.get(token) : undefined;
    if (!t || t.invalid) return { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' };
    if (t.expiresAt <= Date.now()) return { errcode: 42001, errmsg: 'access_token expired' };
    return null;
  }
}
