import { EndpointName, endpoints, errorBody, ResponseOf } from '@yibao/shared';
import type { Express, Response } from 'express';
import type { z } from 'zod';

/**
 * Every answer goes out through `reply`, typed by the endpoint's response schema in shared (a
 * wrong field fails tsc). Outside production each body is also parsed against that schema, so a
 * field the contract does not declare (or a missing or malformed one) fails the request loudly —
 * a 500 and an error log naming the route and the path of the bad field — instead of reaching a
 * client. Production skips the parse.
 */
export class ResponseContractError extends Error {
  constructor(
    readonly route: string,
    readonly problems: string[],
  ) {
    super(`response of ${route} breaks the contract: ${problems.join('; ')}`);
    this.name = 'ResponseContractError';
  }
}

const CHECK = 'checkResponses';

/** Turns the check on (createApp: outside production). */
export function checkResponses(app: Express, on: boolean): void {
  app.locals[CHECK] = on;
}

function problems(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length ? i.path.map(String).join('.') : '(body)'}: ${i.message}`);
}

/** Parses `body` with `schema` when checking is on; throws ResponseContractError naming the route and fields. */
export function checked(res: Response, route: string, schema: z.ZodType, body: unknown): void {
  if (!res.app.locals[CHECK]) return;
  const result = schema.safeParse(body);
  if (!result.success) throw new ResponseContractError(route, problems(result.error));
}

/** Answers with the endpoint's success status and body. */
export function reply<K extends EndpointName>(res: Response, name: K, body: ResponseOf<K>): void {
  const ep = endpoints[name];
  if (ep.response) checked(res, `${ep.method.toUpperCase()} ${ep.path}`, ep.response, body);
  res.status(ep.status).json(body);
}

/** Answers an endpoint whose success has no body (204). */
export function replyEmpty(res: Response, name: EndpointName): void {
  res.status(endpoints[name].status).end();
}

/** The error body of API.md, checked like the rest. */
export function replyError(res: Response, status: number, body: unknown): void {
  checked(res, `error ${status}`, errorBody, body);
  res.status(status).json(body);
}
