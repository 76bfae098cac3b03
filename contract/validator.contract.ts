/** The checker of the contract test can fail: what it refuses, on a small document of its own. */
import { OpenApiContract } from './support/openapi';

const doc = {
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  paths: {
    '/api/v1/orders/{orderId}': {
      get: {
        operationId: 'order',
        responses: {
          '200': {
            description: 'OK',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: { orderId: { type: 'string' }, totalFen: { type: 'integer', minimum: 0 }, createdAt: { type: 'string', format: 'date-time' } },
                  required: ['orderId', 'totalFen', 'createdAt'],
                  additionalProperties: false,
                },
              },
            },
          },
          '404': { $ref: '#/components/responses/Error' },
        },
      },
    },
    '/api/v1/orders/latest': { get: { operationId: 'latest', responses: { '204': { description: 'No content' } } } },
  },
  components: {
    schemas: { Error: { type: 'object', properties: { error: { type: 'object', required: ['code'] } }, required: ['error'], additionalProperties: false } },
    responses: { Error: { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } } },
  },
};

const JSON_TYPE = 'application/json; charset=utf-8';
const problems = (c: OpenApiContract, method: string, path: string, status: number, body: unknown, type: string | null = JSON_TYPE) =>
  c.check(method, path, status, type, body === undefined ? '' : JSON.stringify(body)).problems;

describe('OpenApiContract (the contract test\'s checker)', () => {
  const c = new OpenApiContract(doc);
  const order = { orderId: 'o-1', totalFen: 5900, createdAt: '2026-11-24T10:00:00+08:00' };

  it('passes a declared status with a valid body, and an error body through $ref', () => {
    expect(problems(c, 'GET', '/api/v1/orders/o-1', 200, order)).toEqual([]);
    expect(problems(c, 'GET', '/api/v1/orders/o-1', 404, { error: { code: 'NOT_FOUND' } })).toEqual([]);
    expect(problems(c, 'GET', '/api/v1/orders/latest', 204, undefined)).toEqual([]);
  });

  it('fails an undeclared status, naming the operation', () => {
    const r = c.check('GET', '/api/v1/orders/o-1', 500, JSON_TYPE, '{"error":{"code":"INTERNAL"}}');
    expect(r.operation).toBe('order (GET /api/v1/orders/{orderId})');
    expect(r.problems[0]).toMatch(/status 500 is not declared/);
  });

  it('fails a body the schema refuses, with the validator\'s path', () => {
    expect(problems(c, 'GET', '/api/v1/orders/o-1', 200, { ...order, totalFen: 59.5 })[0]).toMatch(/^\/totalFen must be integer/);
    expect(problems(c, 'GET', '/api/v1/orders/o-1', 200, { ...order, idNumber: '320102198003140113' })[0]).toMatch(/additional properties/);
    expect(problems(c, 'GET', '/api/v1/orders/o-1', 200, { ...order, createdAt: 'yesterday' })[0]).toMatch(/^\/createdAt must match format "date-time"/);
    expect(problems(c, 'GET', '/api/v1/orders/o-1', 404, { error: 'nope' })[0]).toMatch(/^\/error must be object/);
  });

  it('fails a body where none is declared, a non-JSON answer, and an unknown operation', () => {
    expect(problems(c, 'GET', '/api/v1/orders/latest', 204, { x: 1 })[0]).toMatch(/declares none/);
    expect(problems(c, 'GET', '/api/v1/orders/o-1', 200, order, 'text/html')[0]).toMatch(/content-type/);
    expect(problems(c, 'POST', '/api/v1/orders/o-1', 200, order)[0]).toMatch(/no operation/);
  });

  it('prefers a literal path over a template (/orders/latest is not /orders/{orderId})', () => {
    expect(c.check('GET', '/api/v1/orders/latest', 204, null, '').operation).toBe('latest (GET /api/v1/orders/latest)');
    expect(c.summary()).toMatch(/\d+ passed \/ \d+ failed/);
  });
});
