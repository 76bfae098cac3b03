import { SANDBOX_CODE } from '@yibao/shared';

export type SignInResult = { ok: true; openid: string } | { ok: false; reason: 'MALFORMED' | 'REJECTED' };

/** WeChat sign-in (wx.login code → openid) behind an adapter. */
export interface WechatSignIn {
  exchange(code: string): Promise<SignInResult>;
}

export const SANDBOX_PREFIX = 'sandbox:';

/** The sandbox takes `sandbox:<openid>` (openid: 1–64 of A-Za-z0-9_-) instead of calling WeChat. */
export class SandboxWechat implements WechatSignIn {
  async exchange(code: string): Promise<SignInResult> {
    const m = SANDBOX_CODE.exec(code);
    if (m) return { ok: true, openid: m[1] };
    return { ok: false, reason: code.startsWith('sandbox:') ? 'MALFORMED' : 'REJECTED' };
  }
}

/** Production: code2session (configured by WECHAT_APPID / WECHAT_SECRET; never called in tests). */
export class Code2SessionWechat implements WechatSignIn {
  constructor(
    private readonly appId: string,
    private readonly secret: string,
    private readonly endpoint = 'https://api.weixin.qq.com/sns/jscode2session',
  ) {}

  async exchange(code: string): Promise<SignInResult> {
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(code)) return { ok: false, reason: 'REJECTED' };
    const url = new URL(this.endpoint);
    url.search = new URLSearchParams({ appid: this.appId, secret: this.secret, js_code: code, grant_type: 'authorization_code' }).toString();
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    if (!res.ok) return { ok: false, reason: 'REJECTED' };
    const data = (await res.json()) as { openid?: string; errcode?: number };
    return data.openid ? { ok: true, openid: data.openid } : { ok: false, reason: 'REJECTED' };
  }
}

/**
 * WECHAT_APPID set: real codes go to WeChat, `sandbox:` codes to the sandbox (which the auth
 * service lets through only while SANDBOX_LOGIN is 1).
 */
export class SandboxOrWechat implements WechatSignIn {
  private readonly sandbox = new SandboxWechat();
  constructor(private readonly wechat: WechatSignIn) {}
  exchange(code: string): Promise<SignInResult> {
    return code.startsWith(SANDBOX_PREFIX) ? this.sandbox.exchange(code) : this.wechat.exchange(code);
  }
}
