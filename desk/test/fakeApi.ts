import { endpoints, errorBody, ERROR_MESSAGES, ErrorCode } from '@yibao/shared';

/**
 * A fake BFF for the desk's tests: answers by endpoint name, and every body it answers is parsed
 * with the contract's schema first (a success body with the endpoint's response schema, an
 * error with the error schema), so the tests only ever feed the page what the real BFF may send.
 */
type Name = keyof typeof endpoints;
export interface FakeRequest {
  name: Name;
  body: any;
  params: Record<string, string>;
  query: URLSearchParams;
  authorization: string | null;
  url: string;
}
export type Answer = { status?: number; body?: unknown } | { error: ErrorCode; status: number; extra?: Record<string, unknown> };
export type Handler = (req: FakeRequest) => Answer | Promise<Answer>;

export function apiError(code: ErrorCode, status: number, extra: Record<string, unknown> = {}): Answer {
  return { error: code, status, extra };
}

export function fakeApi(handlers: Partial<Record<Name, Handler>>) {
  const calls: FakeRequest[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://desk.test');
    const path = url.pathname.replace(/^\/api\/v1/, '');
    const method = (init?.method ?? 'GET').toLowerCase();
    for (const [name, e] of Object.entries(endpoints) as [Name, (typeof endpoints)[Name]][]) {
      if (e.method !== method) continue;
      const keys: string[] = [];
      const re = new RegExp(`^${e.path.replace(/\{(\w+)\}/g, (_, k: string) => (keys.push(k), '([^/]+)'))}$`);
      const m = re.exec(path);
      if (!m) continue;
      const headers = new Headers(init?.headers);
      const req: FakeRequest = {
        name,
        body: init?.body ? JSON.parse(String(init.body)) : undefined,
        params: Object.fromEntries(keys.map((k, i) => [k, decodeURIComponent(m[i + 1])])),
        query: url.searchParams,
        authorization: headers.get('authorization'),
        url: url.pathname + url.search,
      };
      calls.push(req);
      const handler = handlers[name];
      if (!handler) return json(404, errorBody.parse({ error: { code: 'NOT_FOUND', message: ERROR_MESSAGES.NOT_FOUND } }));
      const a = await handler(req);
      if ('error' in a) return json(a.status, errorBody.parse({ error: { code: a.error, message: ERROR_MESSAGES[a.error], ...a.extra } }));
      return json(a.status ?? e.status, e.response ? e.response.parse(a.body) : undefined);
    }
    return json(404, { error: { code: 'NOT_FOUND', message: ERROR_MESSAGES.NOT_FOUND } });
  }) as typeof fetch;
  return { fetch: fetchImpl, calls, of: (name: Name) => calls.filter((c) => c.name === name) };
}

function json(status: number, body: unknown): Response {
  const text = body === undefined ? '' : JSON.stringify(body);
  return { status, ok: status < 400, text: async () => text } as Response;
}

export const PATIENT = {
  personId: 'p_child',
  maskedName: '王**',
  maskedIdNumber: '320***********0151',
  gender: 'M' as const,
  age: 11,
  insurance: { scheme: 'RESIDENT' as const, status: 'ACTIVE' as const, region: '320102' },
};

export const CHECK_IN = { checkInId: 'ci_1', checkedInAt: '2026-11-24T10:00:00+08:00', patient: PATIENT };

/** A split as P-SET-2..4 would make it for a resident child whose father pays from 历年. */
export function split(totalFen: number, compliantFen: number, payFromAccounts = true) {
  const fundFen = Math.floor(compliantFen / 2);
  const rest = totalFen - fundFen;
  const family = payFromAccounts && rest > 0 ? [{ memberId: 'm_1', organizer: { maskedName: '王**' }, historicalFen: rest }] : [];
  return {
    checkInId: 'ci_1',
    patient: { personId: PATIENT.personId, maskedName: PATIENT.maskedName },
    totalFen,
    compliantFen,
    deductibleAppliedFen: 0,
    fundFen,
    ownAccount: { currentFen: 0, historicalFen: 0 },
    family,
    cashFen: payFromAccounts ? 0 : rest,
  };
}
