import { SANDBOX_CODE } from '@yibao/shared';

export const SANDBOX_PREFIX = 'sandbox:';

/** `sandbox:<openid>` → the openid; null when the code has the prefix but not the form (400). */
export function sandboxOpenid(code: string): string | null {
  const m = SANDBOX_CODE.exec(code);
  return m ? m[1] : null;
}

/** A wx.login code as WeChat issues them: printable ASCII without spaces (anything else is never sent on). */
export const WX_CODE = /^[\x21-\x7e]{1,128}$/;
