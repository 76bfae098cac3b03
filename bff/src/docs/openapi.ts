import { Endpoint, endpoints, errorBody, errorStatuses, health } from '@yibao/shared';
import { z } from 'zod';

/**
 * The OpenAPI 3.1 document of the BFF, generated from shared's endpoint table: the same zod
 * schemas validate the requests and (outside production) every answer, and the clients parse with
 * them. Nothing here is written twice.
 */
function schema(s: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const json = z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

function queryParameters(query: z.ZodType): Record<string, unknown>[] {
  const json = schema(query, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({ name, in: 'query', required: (json.required ?? []).includes(name), schema: s }));
}

function operation(ep: Endpoint): Record<string, unknown> {
  const responses: Record<string, unknown> = {
    [String(ep.status)]: ep.response ? { description: 'OK', content: { 'application/json': { schema: schema(ep.response, 'output') } } } : { description: 'No content' },
  };
  for (const status of errorStatuses(ep)) responses[String(status)] = { $ref: '#/components/responses/Error' };
  const params = [...ep.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  return {
    operationId: Object.entries(endpoints).find(([, e]) => e === ep)![0],
    summary: ep.summary,
    ...(ep.access === 'none' ? { security: [] } : { security: [{ [ep.access === 'hospital' ? 'hospital' : 'citizen']: [] }] }),
    parameters: [
      ...params.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } })),
      ...(ep.query ? queryParameters(ep.query) : []),
      ...(ep.headers ?? []).map((h) => ({ name: h.name, in: 'header', required: h.required, description: h.description, schema: { type: 'string' } })),
    ],
    ...(ep.body ? { requestBody: { required: true, content: { 'application/json': { schema: schema(ep.body, 'input') } } } } : {}),
    responses,
  };
}

export function buildOpenApi(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const ep of Object.values(endpoints) as Endpoint[]) {
    const path = `/api/v1${ep.path}`;
    (paths[path] ??= {})[ep.method] = operation(ep);
  }
  paths['/healthz'] = {
    get: {
      operationId: 'healthz',
      summary: 'Ready: 200 once requests can be served, 503 while no writable database is reachable',
      security: [],
      responses: { '200': { description: 'OK', content: { 'application/json': { schema: schema(health, 'output') } } }, '503': { $ref: '#/components/responses/Error' } },
    },
  };
  paths['/livez'] = {
    get: {
      operationId: 'livez',
      summary: 'Alive: 200 while the process runs',
      security: [],
      responses: { '200': { description: 'OK', content: { 'application/json': { schema: schema(health, 'output') } } } },
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'yibao BFF',
      version: '1.0.0',
      description:
        'Backend-for-frontend of the 医保 family mini-program and the hospital desk. Money is integer fen; times are ISO-8601 with offset; ' +
        'no response carries a full ID number or phone. Hospital terminals: POST /api/v1/hospital/sessions, then ' +
        'POST /api/v1/hospital/check-ins with the scanned QR token (one use, short-lived), then preview and settle the bill.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        citizen: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'citizen access token (POST /auth/login)' },
        hospital: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'hospital access token (POST /hospital/sessions)' },
      },
      schemas: { Error: schema(errorBody, 'output') },
      responses: { Error: { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } } },
    },
    paths,
  };
}
