import { z } from 'zod';
import { FIELD_REASONS } from '../messages';
import { MAX_BILL_FEN } from '../rules/settlement';
import { PAY_METHODS } from '../types';
import { idField, idNumberField, messages, nameField, phoneField, relationField } from './fields';

/** One schema per request body of API.md; unknown keys are dropped (no mass assignment). */
export const loginBody = z.object(
  {
    code: z
      .string(messages('缺少登录凭证', '登录凭证格式不正确'))
      .min(1, { error: '缺少登录凭证' })
      .max(128, { error: '登录凭证格式不正确' }),
  },
  { error: '请求内容格式不正确' },
);

/** API.md: the sandbox accepts `sandbox:<openid>` with openid 1–64 of A-Za-z0-9_-. */
export const SANDBOX_CODE = /^sandbox:([A-Za-z0-9_-]{1,64})$/;

export const refreshBody = z.object(
  {
    refreshToken: z
      .string(messages('缺少刷新凭证', '刷新凭证格式不正确'))
      .min(1, { error: '缺少刷新凭证' })
      .max(4096, { error: '刷新凭证格式不正确' }),
  },
  { error: '请求内容格式不正确' },
);

/** The proof POST /identity/phone hands out (API.md WeChat, Phone): opaque, 16–128 of A-Za-z0-9_-. */
export const phoneProofField = z
  .string({ error: FIELD_REASONS.PHONE_PROOF_INVALID })
  .regex(/^[A-Za-z0-9_-]{16,128}$/, { error: FIELD_REASONS.PHONE_PROOF_INVALID });

/**
 * POST /identity/verify {name, idNumber, phone} or {name, idNumber, phoneProof}: exactly one of
 * the typed phone and WeChat's proof of it (API.md WeChat, Phone).
 */
export const verifyIdentityBody = z
  .object(
    { name: nameField, idNumber: idNumberField, phone: phoneField.optional(), phoneProof: phoneProofField.optional() },
    { error: '请求内容格式不正确' },
  )
  .superRefine((b, ctx) => {
    if (b.phone === undefined && b.phoneProof === undefined) ctx.addIssue({ code: 'custom', path: ['phone'], message: '请填写手机号' });
    if (b.phone !== undefined && b.phoneProof !== undefined) ctx.addIssue({ code: 'custom', path: ['phoneProof'], message: '请只提供手机号或微信手机号验证中的一种' });
  });

/** POST /identity/phone {code}: a getPhoneNumber code (API.md WeChat, Phone). */
export const phoneCodeBody = z.object(
  {
    code: z
      .string(messages('缺少手机号授权凭证', '手机号授权凭证格式不正确'))
      .min(1, { error: '缺少手机号授权凭证' })
      .max(128, { error: '手机号授权凭证格式不正确' }),
  },
  { error: '请求内容格式不正确' },
);

export const addMemberBody = z.object(
  { name: nameField, idNumber: idNumberField, relation: relationField },
  { error: '请求内容格式不正确' },
);

export const familyModesBody = z.object(
  {
    pay: z.boolean(messages('请选择是否开启共济支付', '共济支付开关应为是或否')),
    premium: z.boolean(messages('请选择是否开启共济缴费', '共济缴费开关应为是或否')),
  },
  { error: '请求内容格式不正确' },
);

export const MAX_INSURED = 20;

const insuredList = z
  .array(idField, messages('请选择被保险人', '被保险人列表格式不正确'))
  .min(1, { error: '请至少选择一位被保险人' })
  .max(MAX_INSURED, { error: `一次最多为${MAX_INSURED}人投保` })
  .refine((ids) => new Set(ids).size === ids.length, { error: '同一人不能重复选择' });

export const eligibilityBody = z.object(
  { productId: idField, insured: insuredList },
  { error: '请求内容格式不正确' },
);

export const orderBody = z.object(
  {
    productId: idField,
    insured: insuredList,
    payMethod: z.enum(PAY_METHODS, messages('请选择支付方式', '支付方式不正确')),
  },
  { error: '请求内容格式不正确' },
);

/** API.md: Idempotency-Key header, 8–64 of A-Za-z0-9_-. */
export const idempotencyKey = z
  .string(messages('缺少防重复提交标识', '防重复提交标识格式不正确'))
  .regex(/^[A-Za-z0-9_-]{8,64}$/, { error: '防重复提交标识格式不正确' });

export const qrcodeBody = z.object({ personId: idField }, { error: '请求内容格式不正确' });

/** GET /qrcodes/current?personId: the latest code the caller fetched for that person (#14 finding 7). */
export const qrStatusQuery = z.object({ personId: idField }, { error: '请求内容格式不正确' });

export const hospitalSessionBody = z.object(
  {
    hospitalId: idField,
    secret: z
      .string(messages('缺少医院密钥', '医院密钥格式不正确'))
      .min(1, { error: '缺少医院密钥' })
      .max(256, { error: '医院密钥格式不正确' }),
  },
  { error: '请求内容格式不正确' },
);

export const checkInBody = z.object(
  {
    token: z
      .string(messages('缺少医保码内容', '医保码内容格式不正确'))
      .min(1, { error: '缺少医保码内容' })
      .max(2048, { error: '医保码内容格式不正确' }),
    department: z
      .string({ error: '科室名称格式不正确' })
      .trim()
      .min(1, { error: '科室名称不能为空' })
      .max(50, { error: '科室名称最多50个字' })
      // stored as text: PostgreSQL refuses U+0000, and no department name has control characters
      .regex(/^[^\p{Cc}]*$/u, { error: '科室名称含有不能使用的字符' })
      .optional(),
  },
  { error: '请求内容格式不正确' },
);

/** An amount in integer fen at the counter: 0 … 10,000,000 (API.md: over it is absurd). */
const billFen = (label: string) =>
  z
    .number(messages(`请填写${label}`, FIELD_REASONS.AMOUNT_INVALID))
    .int({ error: FIELD_REASONS.AMOUNT_INVALID })
    .min(0, { error: FIELD_REASONS.AMOUNT_INVALID })
    .max(MAX_BILL_FEN, { error: FIELD_REASONS.AMOUNT_INVALID });

/** API.md billNo: 1–64 of A-Za-z0-9_- (the hospital's own number, unique per hospital). */
export const billNoField = z
  .string(messages('请填写账单号', '账单号应为1至64位字母、数字、下划线或连字符'))
  .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: '账单号应为1至64位字母、数字、下划线或连字符' });

const billShape = {
  checkInId: idField,
  totalFen: billFen('总金额'),
  compliantFen: billFen('合规金额'),
  payFromAccounts: z.boolean({ error: '是否使用个人账户应为是或否' }).default(true),
};
const fenOk = (n: number) => Number.isInteger(n) && n >= 0 && n <= MAX_BILL_FEN;
// zod runs an object refinement after non-fatal field issues too: compare only two good amounts
const compliantWithinTotal = (b: { totalFen: number; compliantFen: number }) => !(fenOk(b.totalFen) && fenOk(b.compliantFen)) || b.compliantFen <= b.totalFen;
const compliantWithinTotalError = { error: FIELD_REASONS.COMPLIANT_OVER_TOTAL, path: ['compliantFen'] };

/** POST /hospital/settlements/preview (P-SET-5). */
export const settlementPreviewBody = z.object(billShape, { error: '请求内容格式不正确' }).refine(compliantWithinTotal, compliantWithinTotalError);

/** POST /hospital/settlements (P-SET-1..4). */
export const settlementBody = z
  .object({ ...billShape, billNo: billNoField }, { error: '请求内容格式不正确' })
  .refine(compliantWithinTotal, compliantWithinTotalError);

/** GET /account/ledger?limit&before: 1–100 entries a page (default 20), keyset cursor. */
export const ledgerQuery = z.object({
  limit: z.coerce
    .number({ error: '每页条数应为1至100' })
    .int({ error: '每页条数应为1至100' })
    .min(1, { error: '每页条数应为1至100' })
    .max(100, { error: '每页条数应为1至100' })
    .default(20),
  before: z
    .string({ error: '分页位置格式不正确' })
    .regex(/^[A-Za-z0-9_-]{1,128}$/, { error: '分页位置格式不正确' })
    .optional(),
});

/** GET /hospital/settlements?since=<ISO instant>. */
export const settlementsSinceQuery = z.object({
  since: z
    .string({ error: '起始时间应为带时区的ISO-8601时间' })
    .refine((s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?([+-]\d{2}:?\d{2}|Z)$/.test(s) && !Number.isNaN(Date.parse(s)), {
      error: '起始时间应为带时区的ISO-8601时间',
    })
    .optional(),
});

export type LoginBody = z.infer<typeof loginBody>;
export type RefreshBody = z.infer<typeof refreshBody>;
export type VerifyIdentityBody = z.infer<typeof verifyIdentityBody>;
export type PhoneCodeBody = z.infer<typeof phoneCodeBody>;
export type AddMemberBody = z.infer<typeof addMemberBody>;
export type FamilyModesBody = z.infer<typeof familyModesBody>;
export type EligibilityBody = z.infer<typeof eligibilityBody>;
export type OrderBody = z.infer<typeof orderBody>;
export type QrcodeBody = z.infer<typeof qrcodeBody>;
export type QrStatusQuery = z.infer<typeof qrStatusQuery>;
export type HospitalSessionBody = z.infer<typeof hospitalSessionBody>;
export type CheckInBody = z.infer<typeof checkInBody>;
export type SettlementPreviewBody = z.infer<typeof settlementPreviewBody>;
export type SettlementBody = z.infer<typeof settlementBody>;
export type LedgerQuery = z.infer<typeof ledgerQuery>;
