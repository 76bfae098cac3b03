import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');

/** The spec's worked world (../shared/fixtures beside the checkout), for journeys to adapt. */
export function specWorld(): Record<string, unknown> & { maintenance: unknown[] } {
  return JSON.parse(readFileSync(resolve(ROOT, '../shared/fixtures/sandbox.json'), 'utf8'));
}

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}

export interface RunningBff {
  url: string;
  port: number;
  log: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts the built BFF (bff/dist/main.js, as `npm start` runs it) on a free port with its own
 * data folder and world file; the H5 build is served at /.
 */
export async function startBff(opts: { world: unknown; now?: string; qrTtlSeconds?: number; env?: Record<string, string> }): Promise<RunningBff> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'yibao-e2e-'));
  const worldFile = join(dir, 'world.json');
  writeFileSync(worldFile, JSON.stringify(opts.world));
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORT: String(port),
    DATA_DIR: join(dir, 'data'),
    SANDBOX_FIXTURES: worldFile,
    NODE_ENV: 'development',
    ...(opts.now ? { SANDBOX_NOW: opts.now } : {}),
    ...(opts.qrTtlSeconds ? { QR_TTL_SECONDS: String(opts.qrTtlSeconds) } : {}),
    ...opts.env,
  };
  delete env.DATABASE_URL;
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'bff/dist/main.js')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`BFF exited ${child.exitCode}:\n${output}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`BFF did not answer /healthz in 30 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    port,
    log: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Calls the BFF's JSON API directly (the hospital terminal's side of a journey). */
export async function api<T = any>(base: string, method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: T }> {
  const r = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : undefined };
}
