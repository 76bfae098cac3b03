import { ERROR_MESSAGES, endpoints, errorBody, type EndpointName, type ErrorBody, type ResponseOf } from '@yibao/shared';

/**
 * The desk's client of the BFF: one call per endpoint of the contract's table (method, path and
 * response schema from `@yibao/shared`), the hospital token in the Authorization header (never
 * in a URL), every success body parsed with its schema and every error body with the error
 * schema, so the page only ever shows what the contract allows.
 */
export type { EndpointName, ResponseOf };

/** The contract's error object, or the client's own NETWORK and BAD_RESPONSE. */
export type ErrorInfo = Omit<ErrorBody['error'], 'code'> & { code: ErrorBody['error']['code'] | 'NETWORK' | 'BAD_RESPONSE' };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly info: ErrorInfo,
  ) {
    super(info.message);
  }
  get code(): string {
    return this.info.code;
  }
}

export const NETWORK_MESSAGE = '网络连接失败，请检查网络后重试';
export const BAD_RESPONSE_MESSAGE = '系统返回的数据有误，请稍后重试或联系信息科';

export interface ClientOptions {
  base?: string;
  token: () => string | null;
  /** A hospital call answered 401: the session is over (the page returns to sign-in). */
  onUnauthenticated: () => void;
  fetch?: typeof fetch;
}

export interface CallOptions {
  body?: unknown;
  params?: Record<string, string>;
  query?: Record<string, string>;
}

export type Client = <N extends EndpointName>(name: N, options?: CallOptions) => Promise<ResponseOf<N>>;

export function createClient(options: ClientOptions): Client {
  const base = options.base ?? '/api/v1';
  return async (name, call = {}) => {
    const endpoint = endpoints[name];
    let path = endpoint.path.replace(/\{(\w+)\}/g, (_, key: string) => encodeURIComponent(call.params?.[key] ?? ''));
    if (call.query) path += `?${new URLSearchParams(call.query).toString()}`;
    const token = endpoint.access === 'none' ? null : options.token();
    let res: Response;
    try {
      res = await (options.fetch ?? fetch)(`${base}${path}`, {
        method: endpoint.method.toUpperCase(),
        headers: {
          accept: 'application/json',
          ...(call.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: call.body !== undefined ? JSON.stringify(call.body) : undefined,
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch {
      throw new ApiError(0, { code: 'NETWORK', message: NETWORK_MESSAGE });
    }
    const text = await res.text().catch(() => '');
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (res.status === endpoint.status) {
      if (!endpoint.response) return undefined as ResponseOf<typeof name>;
      const parsed = endpoint.response.safeParse(json);
      if (!parsed.success) throw new ApiError(res.status, { code: 'BAD_RESPONSE', message: BAD_RESPONSE_MESSAGE });
      return parsed.data as ResponseOf<typeof name>;
    }
    const error = errorBody.safeParse(json);
    const info: ErrorInfo = error.success
      ? error.data.error
      : { code: res.status === 404 ? 'NOT_FOUND' : res.status >= 500 ? 'INTERNAL' : 'BAD_RESPONSE', message: res.status === 404 ? ERROR_MESSAGES.NOT_FOUND : BAD_RESPONSE_MESSAGE };
    if (res.status === 401 && endpoint.access === 'hospital') options.onUnauthenticated();
    throw new ApiError(res.status, info);
  };
}
