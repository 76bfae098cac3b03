import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { makeApp, TestApp, TestAppOptions } from '../../bff/src/test/helpers';
import { Api } from './http';
import { registerCitizens, registerCredential, scanAtSource, scanResponse } from './privacy';

/**
 * The BFF in this process (createApp over a fresh PGlite from the bff tests' template, or a fresh
 * schema on DATABASE_URL), with the bff tests' manual clock, listening on a loopback port so that
 * requests go over real HTTP (keep-alive) — much faster than a child process for thousands of
 * requests, and the clock can be moved past a rate-limit window.
 */
export interface InProc {
  t: TestApp;
  api: Api;
  close: () => Promise<void>;
}

/**
 * Every body any in-process app sends (supertest calls of the bff test helpers included) is
 * scanned for ID numbers and phones as it leaves: ServerResponse write/end are wrapped once.
 */
let wrapped = false;
function scanServedBodies(): void {
  if (wrapped) return;
  wrapped = true;
  scanAtSource();
  const proto = http.ServerResponse.prototype as unknown as {
    write: (...args: unknown[]) => boolean;
    end: (...args: unknown[]) => unknown;
  };
  const bodies = new WeakMap<object, Buffer[]>();
  const keep = (res: object, chunk: unknown, encoding: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
    const buf = Buffer.isBuffer(chunk) ? chunk : typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8') : Buffer.from(chunk as Uint8Array);
    const list = bodies.get(res) ?? [];
    list.push(buf);
    bodies.set(res, list);
  };
  const write = proto.write;
  proto.write = function (this: object, chunk: unknown, encoding?: unknown, ...rest: unknown[]) {
    keep(this, chunk, encoding);
    return write.call(this, chunk, encoding, ...rest);
  };
  const end = proto.end;
  proto.end = function (this: http.ServerResponse, chunk?: unknown, encoding?: unknown, ...rest: unknown[]) {
    keep(this, chunk, encoding);
    const body = Buffer.concat(bodies.get(this) ?? []).toString('utf8');
    bodies.delete(this);
    scanResponse(body, `${this.req?.method} ${this.req?.url?.slice(0, 80)} → ${this.statusCode}`);
    return end.call(this, chunk, encoding, ...rest);
  };
}

export async function startInProc(opts: TestAppOptions = {}): Promise<InProc> {
  scanServedBodies();
  const t = await makeApp(opts);
  registerCitizens(t.world.citizens);
  for (const h of t.world.hospitals) registerCredential(h.secret);
  const server: Server = await new Promise((resolve) => {
    const s = t.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  server.keepAliveTimeout = 30_000;
  const { port } = server.address() as AddressInfo;
  const api = new Api(`http://127.0.0.1:${port}`);
  return {
    t,
    api,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await t.close();
    },
  };
}
