import { SUSPENDED_OPERATIONS } from '../rules/maintenance';
import { Endpoint, endpoints, errorStatuses } from './endpoints';

const all = Object.entries(endpoints) as [string, Endpoint][];

describe('API.md endpoints (prefix /api/v1): one table for the BFF, the OpenAPI document and the clients', () => {
  it('each method and path is there once, OpenAPI style, without the prefix', () => {
    const keys = all.map(([, ep]) => `${ep.method.toUpperCase()} ${ep.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const [, ep] of all) expect(ep.path).toMatch(/^\/(?!api\/)[a-z-]+(\/([a-z-]+|\{[A-Za-z]+\}))*$/);
  });
  it.each([
    ['login', 'POST /auth/login', 200],
    ['verifyIdentity', 'POST /identity/verify', 200],
    ['addMember', 'POST /family/members', 201],
    ['removeMember', 'DELETE /family/members/{memberId}', 204],
    ['placeOrder', 'POST /orders', 201],
    ['qrCode', 'POST /qrcodes', 201],
    ['checkIn', 'POST /hospital/check-ins', 201],
    ['previewSettlement', 'POST /hospital/settlements/preview', 200],
    ['settle', 'POST /hospital/settlements', 201],
    ['refund', 'POST /hospital/settlements/{settlementId}/refund', 200],
    ['notices', 'GET /notices', 200],
    ['startPayment', 'POST /orders/{orderId}/payment', 200],
    ['confirmPayment', 'POST /orders/{orderId}/payment/confirm', 200],
    ['cancelOrder', 'POST /orders/{orderId}/cancel', 200],
  ] as const)('%s is %s → %i', (name, route, status) => {
    const ep: Endpoint = endpoints[name];
    expect(`${ep.method.toUpperCase()} ${ep.path}`).toBe(route);
    expect(ep.status).toBe(status);
  });
  it('only a 204 has no response body', () => {
    for (const [name, ep] of all) expect([name, ep.response === null]).toEqual([name, ep.status === 204]);
  });
  it('POST /orders and #14 finding 4 the payment confirm require the Idempotency-Key header (8–64 of A-Za-z0-9_-)', () => {
    expect(endpoints.placeOrder.headers).toEqual([{ name: 'Idempotency-Key', required: true, description: '8–64 of A-Za-z0-9_-' }]);
    expect(endpoints.confirmPayment.headers).toEqual(endpoints.placeOrder.headers);
  });
  it('P-OPS-1: the suspendable endpoints are exactly the money and binding operations', () => {
    const suspendable = all.filter(([, ep]) => ep.suspendable).map(([name]) => name).sort();
    expect(suspendable).toEqual(['acceptInvitation', 'addMember', 'confirmPayment', 'declineInvitation', 'placeOrder', 'refund', 'removeMember', 'setFamilyModes', 'settle', 'startPayment']);
    expect(SUSPENDED_OPERATIONS).toEqual(expect.arrayContaining(['BIND', 'CONSENT', 'UNBIND', 'MODES', 'ORDER', 'PAY_ORDER', 'SETTLE', 'REFUND']));
  });
  it('hospital endpoints take a hospital token; only the hospital sign-in needs none', () => {
    for (const [name, ep] of all) {
      if (ep.path.startsWith('/hospital/') && name !== 'hospitalSession') expect([name, ep.access]).toEqual([name, 'hospital']);
      if (ep.access === 'hospital') expect(ep.path.startsWith('/hospital/')).toBe(true);
    }
    expect(endpoints.hospitalSession.access).toBe('none');
  });
});

describe('API.md error statuses: each endpoint’s own, and those of its kind', () => {
  it.each([
    ['login (no token, a body)', endpoints.login, [200, 400, 401, 413, 429, 503]],
    ['GET /me (citizen, no body)', endpoints.me, [200, 401, 503]],
    ['GET /family/members (verified, no body)', endpoints.familyNetwork, [200, 401, 403, 503]],
    ['POST /orders (verified, a body, suspendable)', endpoints.placeOrder, [201, 400, 401, 403, 404, 409, 413, 422, 503]],
    ['GET /hospital/settlements (hospital, a query)', endpoints.hospitalSettlements, [200, 400, 401, 503]],
    ['GET /notices (no token)', endpoints.notices, [200, 503]],
    ['DELETE /family/members/{memberId}', endpoints.removeMember, [204, 401, 403, 404, 503]],
  ] as [string, Endpoint, number[]][])('%s → %j', (_l, ep, statuses) => {
    expect([ep.status, ...errorStatuses(ep)]).toEqual(statuses);
  });
  it('every endpoint may answer 503 (no writable database), sorted, each status once', () => {
    for (const [, ep] of all) {
      const s = errorStatuses(ep);
      expect(s).toContain(503);
      expect(s).toEqual([...new Set(s)].sort((a, b) => a - b));
    }
  });
});
