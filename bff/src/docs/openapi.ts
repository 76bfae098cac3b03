import {
  addMemberBody,
  checkInBody,
  eligibilityBody,
  ERROR_MESSAGES,
  familyModesBody,
  hospitalSessionBody,
  INSURANCE_STATUSES,
  loginBody,
  orderBody,
  PRODUCT_KINDS,
  qrcodeBody,
  refreshBody,
  RELATIONS,
  SCHEMES,
  verifyIdentityBody,
} from '@yibao/shared';
import { z } from 'zod';

/**
 * OpenAPI 3.1 document of the BFF, generated from the same zod schemas that validate the
 * requests (shared) plus the response shapes below, for hospital integrators.
 */
const reasonSchema = z.object({ code: z.string(), message: z.string(), personId: z.string().optional(), field: z.string().optional() });
const errorSchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_MESSAGES) as [string, ...string[]]),
    message: z.string().describe('Chinese, for a citizen'),
    reasons: z.array(reasonSchema).optional(),
    resumesAt: z.string().optional().describe('SERVICE_SUSPENDED: when operations resume'),
    unlocksAt: z.string().optional().describe('REAL_NAME_LOCKED: when verification unlocks'),
  }),
});
const insuranceBrief = z.object({ scheme: z.enum(SCHEMES), status: z.enum(INSURANCE_STATUSES), region: z.string() });
const balance = z.object({ historicalFen: z.number().int(), currentFen: z.number().int() });
const personView = z.object({
  personId: z.string(),
  maskedName: z.string().describe('王**'),
  maskedIdNumber: z.string().describe('320***********123X'),
  gender: z.enum(['M', 'F']),
  age: z.number().int(),
  insurance: insuranceBrief,
});
const tokenPair = z.object({ accessToken: z.string(), refreshToken: z.string(), expiresIn: z.number().int() });
const me = z.object({
  userId: z.string(),
  verified: z.boolean(),
  person: personView.extend({ maskedPhone: z.string().describe('138****0001'), insurance: insuranceBrief.extend({ account: balance.optional() }) }).optional(),
});
const member = z.object({
  memberId: z.string(),
  personId: z.string(),
  relation: z.enum(RELATIONS),
  status: z.enum(['ACTIVE', 'PENDING_CONSENT']),
});
const modes = z.object({ pay: z.boolean(), premium: z.boolean() });
const familyList = z.object({
  modes,
  members: z.array(member.extend({ maskedName: z.string(), maskedIdNumber: z.string(), age: z.number().int(), insurance: insuranceBrief })),
});
const invitation = z.object({ memberId: z.string(), relation: z.enum(RELATIONS), organizer: z.object({ maskedName: z.string() }) });
const product = z.object({
  productId: z.string(),
  kind: z.enum(PRODUCT_KINDS),
  name: z.string(),
  year: z.number().int(),
  opensAt: z.string(),
  closesAt: z.string(),
});
const eligibility = z.object({
  eligible: z.boolean(),
  totalFen: z.number().int(),
  balance,
  payer: z.object({ reasons: z.array(reasonSchema) }),
  insured: z.array(
    z.object({
      personId: z.string(),
      eligible: z.boolean(),
      amountFen: z.number().int(),
      category: z.string().nullable(),
      coverFrom: z.string().nullable().describe('YYYY-MM-DD'),
      waitingMonths: z.number().int().nullable(),
      reasons: z.array(reasonSchema),
    }),
  ),
});
const order = z.object({
  orderId: z.string(),
  status: z.enum(['PAID', 'AWAITING_PAYMENT']),
  productId: z.string(),
  payMethod: z.enum(['PERSONAL_ACCOUNT', 'SELF_PAY']),
  totalFen: z.number().int(),
  items: z.array(z.object({ personId: z.string(), amountFen: z.number().int(), coverFrom: z.string() })),
  debit: balance.optional(),
  createdAt: z.string(),
});
const qr = z.object({ token: z.string().describe('what the QR code encodes'), expiresAt: z.string() });
const checkIn = z.object({ checkInId: z.string(), checkedInAt: z.string(), patient: personView });
const notices = z.object({
  maintenance: z.array(z.object({ startsAt: z.string(), endsAt: z.string(), message: z.string() })),
  suspended: z.boolean(),
});

function schema(s: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

type Security = 'citizen' | 'hospital' | 'none';
interface Op {
  summary: string;
  security: Security;
  body?: z.ZodType;
  ok: [number, z.ZodType | null];
  errors: number[];
  params?: string[];
  headers?: { name: string; required: boolean; description: string }[];
}

const op = (o: Op) => o;
const ROUTES: Record<string, Record<string, Op>> = {
  '/auth/login': { post: op({ summary: 'Sign in with a wx.login code (sandbox: `sandbox:<openid>`)', security: 'none', body: loginBody, ok: [200, tokenPair], errors: [400, 401, 429] }) },
  '/auth/refresh': { post: op({ summary: 'Rotate a refresh token (each works once; reuse revokes the family, its access tokens included)', security: 'none', body: refreshBody, ok: [200, tokenPair], errors: [400, 401, 429] }) },
  '/auth/logout': { post: op({ summary: "Sign out: revokes the caller's refresh-token family and every access token of it at once (other processes within REVOCATION_POLL_MS)", security: 'citizen', ok: [204, null], errors: [401] }) },
  '/identity/verify': { post: op({ summary: 'Real-name verification, three factors (P-ID-2, P-ID-5, P-ID-6)', security: 'citizen', body: verifyIdentityBody, ok: [200, z.object({ verified: z.literal(true) })], errors: [400, 401, 409, 422, 429] }) },
  '/me': { get: op({ summary: 'The caller and their masked identity', security: 'citizen', ok: [200, me], errors: [401] }) },
  '/family/members': {
    post: op({ summary: 'Bind a family member (P-FAM)', security: 'citizen', body: addMemberBody, ok: [201, member], errors: [400, 401, 403, 422, 503] }),
    get: op({ summary: "The caller's family network", security: 'citizen', ok: [200, familyList], errors: [401, 403] }),
  },
  '/family/modes': { put: op({ summary: 'Enable PAY / PREMIUM (P-FAM-7)', security: 'citizen', body: familyModesBody, ok: [200, z.object({ modes })], errors: [400, 401, 403, 422, 503] }) },
  '/family/invitations': { get: op({ summary: "Bindings waiting for the caller's consent", security: 'citizen', ok: [200, z.array(invitation)], errors: [401, 403] }) },
  '/family/invitations/{memberId}/accept': { post: op({ summary: 'Consent to a binding (P-FAM-6)', security: 'citizen', params: ['memberId'], ok: [200, z.object({ status: z.literal('ACTIVE') })], errors: [401, 403, 404, 503] }) },
  '/family/invitations/{memberId}/decline': { post: op({ summary: 'Decline a binding', security: 'citizen', params: ['memberId'], ok: [200, z.object({ status: z.literal('DECLINED') })], errors: [401, 403, 404, 503] }) },
  '/family/members/{memberId}': { delete: op({ summary: 'Unbind, by the organizer or the member (P-FAM-8)', security: 'citizen', params: ['memberId'], ok: [204, null], errors: [401, 403, 404, 503] }) },
  '/products': { get: op({ summary: 'Products on offer', security: 'citizen', ok: [200, z.array(product)], errors: [401] }) },
  '/eligibility': { post: op({ summary: 'Eligibility and price, every failing reason (P-PAY)', security: 'citizen', body: eligibilityBody, ok: [200, eligibility], errors: [400, 401, 403, 404] }) },
  '/orders': {
    post: op({
      summary: 'Place an order (idempotent per Idempotency-Key; P-PAY-5, P-PAY-8)',
      security: 'citizen',
      body: orderBody,
      ok: [201, order],
      errors: [400, 401, 403, 404, 409, 422, 503],
      headers: [{ name: 'Idempotency-Key', required: true, description: '8–64 of A-Za-z0-9_-' }],
    }),
    get: op({ summary: "The caller's orders", security: 'citizen', ok: [200, z.array(order)], errors: [401] }),
  },
  '/orders/{orderId}': { get: op({ summary: 'One of the caller’s orders', security: 'citizen', params: ['orderId'], ok: [200, order], errors: [401, 404] }) },
  '/qrcodes': { post: op({ summary: 'E-voucher token for the caller or an ACTIVE member (P-QR-1, P-QR-3)', security: 'citizen', body: qrcodeBody, ok: [201, qr], errors: [400, 401, 403] }) },
  '/hospital/sessions': { post: op({ summary: 'Hospital sign-in with its secret', security: 'none', body: hospitalSessionBody, ok: [200, z.object({ accessToken: z.string(), expiresIn: z.number().int() })], errors: [400, 401, 429] }) },
  '/hospital/check-ins': { post: op({ summary: 'Redeem an e-voucher token once (P-QR-2)', security: 'hospital', body: checkInBody, ok: [201, checkIn], errors: [400, 401, 409, 422] }) },
  '/notices': { get: op({ summary: 'Maintenance notices (P-OPS-1)', security: 'none', ok: [200, notices], errors: [] }) },
};

export function buildOpenApi(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, methods] of Object.entries(ROUTES)) {
    paths[`/api/v1${path}`] = {};
    for (const [method, o] of Object.entries(methods)) {
      const responses: Record<string, unknown> = {
        [String(o.ok[0])]: o.ok[1] ? { description: 'OK', content: { 'application/json': { schema: schema(o.ok[1]) } } } : { description: 'No content' },
      };
      for (const status of o.errors) responses[String(status)] = { $ref: '#/components/responses/Error' };
      paths[`/api/v1${path}`][method] = {
        summary: o.summary,
        ...(o.security === 'none' ? { security: [] } : { security: [{ [o.security]: [] }] }),
        parameters: [
          ...(o.params ?? []).map((name) => ({ name, in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } })),
          ...(o.headers ?? []).map((h) => ({ name: h.name, in: 'header', required: h.required, description: h.description, schema: { type: 'string' } })),
        ],
        ...(o.body ? { requestBody: { required: true, content: { 'application/json': { schema: schema(o.body) } } } } : {}),
        responses,
      };
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'yibao BFF',
      version: '1.0.0',
      description:
        'Backend-for-frontend of the 医保 family mini-program. Money is integer fen; times are ISO-8601 with offset; ' +
        'no response carries a full ID number or phone. Hospital terminals: POST /api/v1/hospital/sessions, then ' +
        'POST /api/v1/hospital/check-ins with the scanned QR token (one use, short-lived).',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        citizen: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'citizen access token (POST /auth/login)' },
        hospital: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'hospital access token (POST /hospital/sessions)' },
      },
      schemas: { Error: schema(errorSchema) },
      responses: { Error: { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } } },
    },
    paths,
  };
}
