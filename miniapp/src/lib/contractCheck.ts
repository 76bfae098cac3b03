/**
 * Development builds and tests only: parses each answer of the BFF against the contract in
 * @yibao/shared (the endpoint table and its zod response schemas, the error body). api.ts loads
 * this module behind `process.env.NODE_ENV !== 'production'`, which webpack evaluates when it
 * builds, so a production bundle holds neither this module nor the response schemas.
 *
 * What is checked, by the endpoint matched on method and path template:
 *  - its success status: the body against its response schema (nothing for a 204);
 *  - an error status the endpoint declares (`errorStatuses`): the body against the error body;
 *  - any other 2xx or 4xx: a mismatch (the BFF never answers it);
 *  - other 5xx (a gateway's 502, a crash): left to the caller, which treats them as INTERNAL.
 * A mismatch is logged with the endpoint and the path of each bad field, and thrown as an
 * ApiError with code BAD_RESPONSE.
 */
import { type Endpoint, endpoints, errorBody, errorStatuses } from '@yibao/shared'
import type { ZodType } from 'zod'
import { ApiError } from './errors'

interface Route {
  ep: Endpoint
  pattern: RegExp
  label: string
}

const routes: Route[] = (Object.values(endpoints) as Endpoint[]).map((ep) => ({
  ep,
  pattern: new RegExp('^' + ep.path.replace(/\{\w+\}/g, '[^/?#]+') + '$'),
  label: `${ep.method.toUpperCase()} ${ep.path}`,
}))

/** The endpoint a request goes to, by method and path template (query string ignored). */
export function endpointOf(method: string, path: string): Route | undefined {
  const m = method.toLowerCase()
  const p = path.split(/[?#]/)[0]
  return routes.find((r) => r.ep.method === m && r.pattern.test(p))
}

function mismatch(status: number, label: string, problems: string[]): ApiError {
  const detail = `${label} answered ${status}, which breaks the contract: ${problems.join('; ')}`
  console.error(`[contract] ${detail}`)
  return new ApiError({ status, code: 'BAD_RESPONSE', detail })
}

function parse(schema: ZodType, data: unknown): string[] {
  const r = schema.safeParse(data)
  if (r.success) return []
  return r.error.issues.map((i) => `${i.path.length ? i.path.map(String).join('.') : '(body)'}: ${i.message}`)
}

/** Throws ApiError BAD_RESPONSE (and logs why) when an answer is not what the contract says. */
export function check(method: string, path: string, status: number, data: unknown): void {
  const route = endpointOf(method, path)
  if (!route) throw mismatch(status, `${method.toUpperCase()} ${path}`, ['no such endpoint in the contract'])
  const { ep, label } = route
  let problems: string[]
  if (status === ep.status) problems = ep.response ? parse(ep.response, data) : []
  else if (errorStatuses(ep).includes(status)) problems = parse(errorBody, data)
  else if (status < 500) problems = [`status ${status} is not declared for this endpoint`]
  else problems = []
  if (problems.length > 0) throw mismatch(status, label, problems)
}
