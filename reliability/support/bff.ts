import { ChildProcess, spawn } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
export const MAIN = path.join(ROOT, 'bff/dist/main.js');

export { freePort } from '../../e2e/support/bff';
import { freePort } from '../../e2e/support/bff';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Everything every child BFF of this run printed (the privacy section scans it). */
const allOutput: string[] = [];
export function childOutput(): string {
  return allOutput.join('');
}

export interface BffOptions {
  /** World JSON, written to a file for SANDBOX_FIXTURES. */
  world: unknown;
  /** Own folder (DATA_DIR and world file); made when missing. Several starts may share one. */
  dir?: string;
  port?: number;
  /** postgres://… : the child uses that database instead of PGlite. */
  databaseUrl?: string;
  env?: Record<string, string>;
  /**
   * Its own process group, and kill -9 hits the whole group (the primary and its cluster workers
   * with WEB_CONCURRENCY, as a container kill would).
   */
  group?: boolean;
}

/** Children still running when this process exits are killed (no BFF outlives the suite). */
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of live) {
    try {
      if (c.pid) process.kill(c.spawnargs.includes('--rel-group') ? -c.pid : c.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
});

/**
 * The built BFF (`node bff/dist/main.js`) as a child process, which may be killed with SIGKILL
 * and started again on the same port, data folder and database.
 */
export class Bff {
  readonly dir: string;
  readonly port: number;
  readonly url: string;
  readonly jwtSecret = crypto.randomBytes(32).toString('base64url');
  readonly piiKey = crypto.randomBytes(32).toString('base64url');
  private child: ChildProcess | null = null;
  private out = '';
  starts = 0;
  kills = 0;

  private constructor(
    private readonly opts: BffOptions,
    port: number,
  ) {
    this.dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'yibao-rel-'));
    fs.mkdirSync(this.dir, { recursive: true });
    fs.writeFileSync(path.join(this.dir, 'world.json'), JSON.stringify(opts.world));
    this.port = port;
    this.url = `http://127.0.0.1:${port}`;
  }

  static async start(opts: BffOptions & { secrets?: { jwtSecret: string; piiKey: string } }): Promise<Bff> {
    const bff = await Bff.create(opts);
    await bff.launch();
    return bff;
  }

  /** Prepared (port, folder, world file), not started. */
  static async create(opts: BffOptions & { secrets?: { jwtSecret: string; piiKey: string } }): Promise<Bff> {
    const bff = new Bff(opts, opts.port ?? (await freePort()));
    if (opts.secrets) Object.assign(bff, opts.secrets);
    return bff;
  }

  get dataDir(): string {
    return path.join(this.dir, 'data');
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Output of every start of this BFF so far. */
  log(): string {
    return this.out;
  }

  env(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'development',
      PORT: String(this.port),
      DATA_DIR: this.dataDir,
      SANDBOX_FIXTURES: path.join(this.dir, 'world.json'),
      JWT_SECRET: this.jwtSecret,
      PII_KEY: this.piiKey,
      STATIC_DIR: path.join(this.dir, 'no-static'),
      LOG_LEVEL: 'trace',
      ...this.opts.env,
    };
    if (this.opts.databaseUrl) env.DATABASE_URL = this.opts.databaseUrl;
    return env;
  }

  /** Starts the process and waits for GET /healthz (up to `timeoutMs`). */
  async launch(timeoutMs = 90_000): Promise<void> {
    this.spawnProcess();
    await this.waitHealthy(timeoutMs);
  }

  /** Starts the process without waiting (a kill may then land in the middle of the start). */
  spawnProcess(): void {
    if (this.running()) throw new Error('already running');
    const args = this.opts.group ? [MAIN, '--rel-group'] : [MAIN];
    const child = spawn(process.execPath, args, { cwd: this.dir, env: this.env(), stdio: ['ignore', 'pipe', 'pipe'], detached: !!this.opts.group });
    this.child = child;
    this.starts++;
    live.add(child);
    child.once('exit', () => live.delete(child));
    const append = (d: Buffer) => {
      const s = d.toString('utf8');
      this.out += s;
      allOutput.push(s);
    };
    child.stdout!.on('data', append);
    child.stderr!.on('data', append);
    child.on('error', (err) => append(Buffer.from(`spawn error: ${err.message}\n`)));
  }

  async waitHealthy(timeoutMs = 90_000): Promise<void> {
    const child = this.child!;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`BFF exited (${child.exitCode ?? child.signalCode}) while starting:\n${this.out.slice(-4000)}`);
      }
      try {
        const r = await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(2000) });
        if (r.ok) return;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`BFF did not answer /healthz in ${timeoutMs} ms:\n${this.out.slice(-4000)}`);
      }
      await sleep(50);
    }
  }

  /** kill -9, and wait until the process is gone. */
  async kill9(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    if (this.opts.group && child.pid) process.kill(-child.pid, 'SIGKILL');
    else child.kill('SIGKILL');
    await gone;
    this.kills++;
  }

  /** SIGTERM (graceful), SIGKILL after 10 s. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(timer);
  }

  running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Stops the process and removes its folder. */
  async dispose(): Promise<void> {
    await this.stop();
    if (!this.opts.dir) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
