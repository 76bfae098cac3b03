import { z } from 'zod';
import {
  addMemberBody,
  checkInBody,
  eligibilityBody,
  familyModesBody,
  hospitalSessionBody,
  ledgerQuery,
  loginBody,
  orderBody,
  phoneCodeBody,
  qrcodeBody,
  qrStatusQuery,
  refreshBody,
  settlementBody,
  settlementPreviewBody,
  settlementsSinceQuery,
  verifyIdentityBody,
} from '../schemas/requests';
import * as a from './account';
import * as c from './citizen';
import * as h from './hospital';

/**
 * Every endpoint of API.md once: method, path, who may call it, request and response schemas,
 * the success status and the error statuses it may answer. The BFF answers through it (and
 * checks its bodies against it outside production), the OpenAPI document is generated from it,
 * and the clients parse with it.
 */
export type Access = 'none' | 'citizen' | 'verified' | 'hospital';
export type Method = 'get' | 'post' | 'put' | 'delete';

export interface Endpoint {
  method: Method;
  /** Under /api/v1, OpenAPI style: `/family/members/{memberId}`. */
  path: string;
  summary: string;
  access: Access;
  body?: z.ZodType;
  query?: z.ZodType;
  status: number;
  /** null: no body (204). */
  response: z.ZodType | null;
  /** Statuses beyond those every endpoint of its kind may answer (see `errorStatuses`). */
  errors: readonly number[];
  /** Money operations and bindings: refused during maintenance (503 SERVICE_SUSPENDED, P-OPS-1). */
  suspendable?: boolean;
  headers?: readonly { name: string; required: boolean; description: string }[];
}

const e = <T extends Endpoint>(x: T) => x;

export const endpoints = {
  login: e({ method: 'post', path: '/auth/login', summary: 'Sign in with a wx.login code (sandbox: `sandbox:<openid>`)', access: 'none', body: loginBody, status: 200, response: c.tokenPair, errors: [401, 429] }),
  refresh: e({ method: 'post', path: '/auth/refresh', summary: 'Rotate a refresh token (each works once; reuse revokes the family)', access: 'none', body: refreshBody, status: 200, response: c.tokenPair, errors: [401, 429] }),
  logout: e({ method: 'post', path: '/auth/logout', summary: "Sign out: revokes the caller's refresh-token family and every access token of it at once (other processes within REVOCATION_POLL_MS)", access: 'citizen', status: 204, response: null, errors: [] }),
  phone: e({ method: 'post', path: '/identity/phone', summary: "The caller's phone from a WeChat getPhoneNumber code: masked, with a short-lived proof for /identity/verify", access: 'citizen', body: phoneCodeBody, status: 200, response: c.phoneProof, errors: [422, 429] }),
  verifyIdentity: e({ method: 'post', path: '/identity/verify', summary: 'Real-name verification, three factors (P-ID-2, P-ID-5, P-ID-6); the phone typed, or proven by WeChat (phoneProof)', access: 'citizen', body: verifyIdentityBody, status: 200, response: c.verified, errors: [409, 422, 429] }),
  me: e({ method: 'get', path: '/me', summary: 'The caller and their masked identity', access: 'citizen', status: 200, response: c.me, errors: [] }),
  exportMe: e({ method: 'get', path: '/me/export', summary: 'Everything held about the caller, masked as everywhere (PIPL art. 45)', access: 'citizen', status: 200, response: a.accountExport, errors: [] }),
  closeAccount: e({ method: 'delete', path: '/me', summary: 'Close the account at once (PIPL art. 47); 409 while an order awaits payment or a settlement can still be refunded', access: 'citizen', status: 204, response: null, errors: [409] }),

  addMember: e({ method: 'post', path: '/family/members', summary: 'Bind a family member (P-FAM-1..8, P-FAM-11)', access: 'verified', body: addMemberBody, status: 201, response: c.memberAdded, errors: [422, 429], suspendable: true }),
  familyNetwork: e({ method: 'get', path: '/family/members', summary: "The caller's family network as organizer (pending members show only name and relation; declined: invitations declined in the last 30 days, #14 finding 10)", access: 'verified', status: 200, response: c.familyNetwork, errors: [] }),
  setFamilyModes: e({ method: 'put', path: '/family/modes', summary: 'Enable PAY / PREMIUM (P-FAM-7)', access: 'verified', body: familyModesBody, status: 200, response: c.familyModes, errors: [422], suspendable: true }),
  invitations: e({ method: 'get', path: '/family/invitations', summary: "Bindings waiting for the caller's consent", access: 'verified', status: 200, response: c.invitationList, errors: [] }),
  acceptInvitation: e({ method: 'post', path: '/family/invitations/{memberId}/accept', summary: 'Consent to a binding (P-FAM-6)', access: 'verified', status: 200, response: c.invitationAnswer, errors: [404], suspendable: true }),
  declineInvitation: e({ method: 'post', path: '/family/invitations/{memberId}/decline', summary: 'Decline a binding (P-FAM-6)', access: 'verified', status: 200, response: c.invitationAnswer, errors: [404], suspendable: true }),
  removeMember: e({ method: 'delete', path: '/family/members/{memberId}', summary: 'Unbind, by the organizer or the member (P-FAM-8)', access: 'verified', status: 204, response: null, errors: [404], suspendable: true }),
  memberships: e({ method: 'get', path: '/family/memberships', summary: 'The networks the caller has joined', access: 'verified', status: 200, response: c.membershipList, errors: [] }),

  products: e({ method: 'get', path: '/products', summary: 'Products on offer', access: 'citizen', status: 200, response: c.productList, errors: [] }),
  eligibility: e({ method: 'post', path: '/eligibility', summary: 'Eligibility and price, every failing reason (P-PAY)', access: 'verified', body: eligibilityBody, status: 200, response: c.eligibility, errors: [404] }),
  placeOrder: e({
    method: 'post',
    path: '/orders',
    summary: 'Place an order (idempotent per Idempotency-Key; P-PAY-5, P-PAY-8)',
    access: 'verified',
    body: orderBody,
    status: 201,
    response: c.order,
    errors: [404, 409, 422],
    suspendable: true,
    headers: [{ name: 'Idempotency-Key', required: true, description: '8–64 of A-Za-z0-9_-' }],
  }),
  orders: e({ method: 'get', path: '/orders', summary: "The caller's orders, newest first", access: 'citizen', status: 200, response: c.orderList, errors: [] }),
  order: e({ method: 'get', path: '/orders/{orderId}', summary: 'One of the caller’s orders', access: 'citizen', status: 200, response: c.order, errors: [404] }),
  startPayment: e({
    method: 'post',
    path: '/orders/{orderId}/payment',
    summary: 'How to pay a self-pay order: the sandbox cashier, or WeChat Pay (501 PAYMENT_UNAVAILABLE without a merchant); 409 when paid, 422 when cancelled or expired (#14)',
    access: 'verified',
    status: 200,
    response: c.paymentSession,
    errors: [404, 409, 422, 501],
    suspendable: true,
  }),
  confirmPayment: e({
    method: 'post',
    path: '/orders/{orderId}/payment/confirm',
    summary: 'The cashier confirms a self-pay order: PAID and enrolled once (idempotent; P-PAY-7, P-PAY-8); 422 when cancelled, expired or someone is already covered (#14)',
    access: 'verified',
    status: 200,
    response: c.order,
    errors: [400, 404, 409, 422],
    suspendable: true,
    headers: [{ name: 'Idempotency-Key', required: true, description: '8–64 of A-Za-z0-9_-' }],
  }),
  cancelOrder: e({
    method: 'post',
    path: '/orders/{orderId}/cancel',
    summary: 'Cancel a self-pay order waiting for payment (again → the same answer); 409 ORDER_ALREADY_PAID for a paid order (#14)',
    access: 'verified',
    status: 200,
    response: c.order,
    errors: [404, 409],
  }),

  qrCode: e({ method: 'post', path: '/qrcodes', summary: 'E-voucher token for the caller or an ACTIVE member (P-QR-1, P-QR-3)', access: 'verified', body: qrcodeBody, status: 201, response: c.qrCode, errors: [] }),
  qrStatus: e({ method: 'get', path: '/qrcodes/current', summary: 'What became of the latest code the caller fetched for that person: VALID, USED (where and when, and its bills once settled), EXPIRED or INVALID (P-QR-2, P-QR-3)', access: 'verified', query: qrStatusQuery, status: 200, response: c.qrStatus, errors: [404] }),

  hospitalSession: e({ method: 'post', path: '/hospital/sessions', summary: 'Hospital sign-in with its terminal key (failures limited per hospital and address)', access: 'none', body: hospitalSessionBody, status: 200, response: h.hospitalSession, errors: [401, 429] }),
  checkIn: e({ method: 'post', path: '/hospital/check-ins', summary: 'Redeem an e-voucher token once (P-QR-2)', access: 'hospital', body: checkInBody, status: 201, response: h.checkIn, errors: [409, 422] }),
  previewSettlement: e({ method: 'post', path: '/hospital/settlements/preview', summary: 'The split of a bill, moving nothing (P-SET-5)', access: 'hospital', body: settlementPreviewBody, status: 200, response: h.settlementSplit, errors: [404, 422] }),
  settle: e({ method: 'post', path: '/hospital/settlements', summary: 'Settle a bill (P-SET-1..4; the same billNo with the same body replays, another body 409)', access: 'hospital', body: settlementBody, status: 201, response: h.settlement, errors: [404, 409, 422], suspendable: true }),
  refund: e({ method: 'post', path: '/hospital/settlements/{settlementId}/refund', summary: 'Refund a settlement within 24 hours; again → the same answer (P-SET-6)', access: 'hospital', status: 200, response: h.settlement, errors: [404, 422], suspendable: true }),
  hospitalSettlements: e({ method: 'get', path: '/hospital/settlements', summary: "The hospital's settlements since an instant, newest first", access: 'hospital', query: settlementsSinceQuery, status: 200, response: h.settlementList, errors: [] }),

  ledger: e({ method: 'get', path: '/account/ledger', summary: "The caller's account movements, newest first, keyset paging (P-SET-7)", access: 'verified', query: ledgerQuery, status: 200, response: c.ledgerPage, errors: [] }),
  settlements: e({ method: 'get', path: '/settlements', summary: 'Bills where the caller was the patient or paid a family part (P-SET-7)', access: 'verified', status: 200, response: h.citizenSettlementList, errors: [] }),

  notices: e({ method: 'get', path: '/notices', summary: 'Maintenance notices (P-OPS-1)', access: 'none', status: 200, response: c.notices, errors: [] }),
} as const;

export type EndpointName = keyof typeof endpoints;
type ResponseSchema<K extends EndpointName> = (typeof endpoints)[K]['response'];
/** The body an endpoint answers with (never for a 204). */
export type ResponseOf<K extends EndpointName> = ResponseSchema<K> extends z.ZodType ? z.infer<ResponseSchema<K>> : never;

/** Every status an endpoint may answer: its success, its own errors, and those of its kind. */
export function errorStatuses(ep: Endpoint): number[] {
  const out = new Set<number>(ep.errors);
  if (ep.body || ep.query) out.add(400);
  if (ep.body) out.add(413);
  if (ep.access !== 'none') out.add(401);
  if (ep.access === 'verified') out.add(403);
  if (ep.suspendable) out.add(503);
  // every endpoint reads the database: 503 DATABASE_UNAVAILABLE while no primary is reachable
  out.add(503);
  return [...out].sort((a, b) => a - b);
}
