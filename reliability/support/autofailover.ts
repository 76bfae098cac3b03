import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { freePort, sleep } from './bff';

/**
 * A pg_auto_failover formation of its own (Debian's postgresql-15-auto-failover): a monitor and
 * two data nodes with synchronous replication, each `pg_autoctl … --run` a child process in its
 * own process group, in a temporary folder on free ports. pg_autoctl refuses to run as root:
 * as root it runs as the postgres user (`runuser`), and the folder is theirs.
 */

/** The folder of pg_ctl that pg_auto_failover's extension is built for, or null when it is not installed. */
export function autoFailoverBinDir(): string | null {
  if (spawnSync('sh', ['-c', 'command -v pg_autoctl']).status !== 0) return null;
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  for (const v of fs.readdirSync(root).sort((a, b) => Number(b) - Number(a))) {
    if (fs.existsSync(path.join(root, v, 'lib', 'pgautofailover.so')) && fs.existsSync(path.join(root, v, 'bin', 'pg_ctl'))) return path.join(root, v, 'bin');
  }
  return null;
}

export interface NodeState {
  nodeId: number;
  name: string;
  port: number;
  reported: string;
  goal: string;
}

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of live) {
    try {
      if (c.pid) process.kill(-c.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
});

export class Formation {
  readonly dir: string;
  private readonly asRoot = process.getuid?.() === 0;
  private readonly children: ChildProcess[] = [];
  monitorPort = 0;
  readonly nodes: { name: string; port: number; pgdata: string; process?: ChildProcess }[] = [];
  private monitor: Client | null = null;

  constructor(
    private readonly bin: string,
    readonly dbname = 'yibao',
  ) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yibao-paf-'));
    if (this.asRoot) {
      const uid = Number(spawnSync('id', ['-u', 'postgres']).stdout.toString().trim());
      const gid = Number(spawnSync('id', ['-g', 'postgres']).stdout.toString().trim());
      fs.chownSync(this.dir, uid, gid);
    }
  }

  /** `pg_autoctl args…` as the postgres user, with this formation's own config and state folders. */
  private command(args: string[]): [string, string[]] {
    const env = [`PATH=${this.bin}:${process.env.PATH}`, `XDG_CONFIG_HOME=${this.dir}/config`, `XDG_DATA_HOME=${this.dir}/share`, `HOME=${this.dir}`];
    return this.asRoot ? ['runuser', ['-u', 'postgres', '--', 'env', ...env, 'pg_autoctl', ...args]] : ['env', [...env, 'pg_autoctl', ...args]];
  }

  private run(name: string, args: string[]): ChildProcess {
    const [cmd, argv] = this.command(args);
    const log = fs.openSync(path.join(this.dir, `${name}.log`), 'a');
    const child = spawn(cmd, argv, { cwd: this.dir, stdio: ['ignore', log, log], detached: true });
    fs.closeSync(log);
    live.add(child);
    child.once('exit', () => live.delete(child));
    this.children.push(child);
    return child;
  }

  /** pg_autoctl's own answer (e.g. `show uri`). */
  ask(args: string[]): string {
    const [cmd, argv] = this.command(args);
    const r = spawnSync(cmd, argv, { cwd: this.dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`pg_autoctl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim();
  }

  log(name: string): string {
    try {
      return fs.readFileSync(path.join(this.dir, `${name}.log`), 'utf8');
    } catch {
      return '';
    }
  }

  /** Monitor, then the first node (primary), then the second (its synchronous standby). */
  async start(timeoutMs = 150_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    this.monitorPort = await freePort();
    const common = ['--hostname', '127.0.0.1', '--auth', 'trust', '--ssl-self-signed', '--run'];
    this.run('monitor', ['create', 'monitor', '--pgdata', path.join(this.dir, 'monitor'), '--pgport', String(this.monitorPort), ...common]);
    await this.until(deadline, 'the monitor', async () => {
      await this.query('select 1');
      return true;
    });
    await this.tuneMonitor();
    const monitorUri = `postgres://autoctl_node@127.0.0.1:${this.monitorPort}/pg_auto_failover?sslmode=require`;
    for (let i = 1; i <= 2; i++) {
      const node: Formation['nodes'][number] = { name: `node_${i}`, port: await freePort(), pgdata: path.join(this.dir, `node${i}`) };
      this.nodes.push(node);
      node.process = this.run(node.name, ['create', 'postgres', '--pgdata', node.pgdata, '--pgport', String(node.port), '--dbname', this.dbname, '--name', node.name, '--monitor', monitorUri, ...common]);
      await this.until(deadline, `${node.name} to join`, async () => {
        // the standby's pg_basebackup waits for a spread checkpoint (minutes on a busy machine): hurry it
        if (i > 1) await this.onNode(this.nodes[0].port, 'checkpoint').catch(() => undefined);
        return (await this.state()).filter((n) => n.reported === n.goal && ['single', 'primary', 'secondary'].includes(n.reported)).length === i;
      });
    }
    await this.waitStable(Math.max(1000, deadline - Date.now()));
  }

  private async until(deadline: number, what: string, ok: () => Promise<boolean>): Promise<void> {
    for (;;) {
      try {
        if (await ok()) return;
      } catch {
        /* not yet */
      }
      if (Date.now() > deadline) throw new Error(`pg_auto_failover: waited in vain for ${what}\n${this.log('monitor').slice(-2000)}\n${this.nodes.map((n) => this.log(n.name).slice(-2000)).join('\n')}`);
      await sleep(200);
    }
  }

  /**
   * The monitor's timings, shortened for a test on one machine (defaults: a node is unhealthy
   * after 20 s without news and failed health checks, and a primary that cannot confirm its
   * demotion is waited for 30 s before the standby is promoted).
   */
  static readonly MONITOR_SETTINGS: Record<string, number> = {
    'pgautofailover.health_check_period': 1000,
    'pgautofailover.health_check_timeout': 1000,
    'pgautofailover.health_check_max_retries': 1,
    'pgautofailover.health_check_retry_delay': 500,
    'pgautofailover.node_considered_unhealthy_timeout': 3000,
    'pgautofailover.primary_demote_timeout': 3000,
  };

  private async tuneMonitor(): Promise<void> {
    const c = new Client({ connectionString: `postgres://postgres@127.0.0.1:${this.monitorPort}/pg_auto_failover?sslmode=no-verify` });
    await c.connect();
    try {
      for (const [name, value] of Object.entries(Formation.MONITOR_SETTINGS)) await c.query(`alter system set ${name} = ${value}`);
      await c.query('select pg_reload_conf()');
    } finally {
      await c.end();
    }
  }

  /** One statement on a node (as postgres). */
  async onNode(port: number, text: string): Promise<void> {
    const c = new Client({ connectionString: this.nodeUrl(port), connectionTimeoutMillis: 3000 });
    c.on('error', () => undefined);
    await c.connect();
    try {
      await c.query(text);
    } finally {
      await c.end().catch(() => undefined);
    }
  }

  /** A query on the monitor's database. */
  async query<T>(text: string): Promise<T[]> {
    if (!this.monitor) {
      const c = new Client({ connectionString: `postgres://autoctl_node@127.0.0.1:${this.monitorPort}/pg_auto_failover?sslmode=no-verify`, connectionTimeoutMillis: 3000 });
      c.on('error', () => undefined);
      try {
        await c.connect();
      } catch (err) {
        await c.end().catch(() => undefined);
        throw err;
      }
      this.monitor = c;
    }
    try {
      return (await this.monitor.query(text)).rows as T[];
    } catch (err) {
      await this.monitor.end().catch(() => undefined);
      this.monitor = null;
      throw err;
    }
  }

  /** What the monitor knows of each node. */
  async state(): Promise<NodeState[]> {
    return (
      await this.query<{ nodeid: number; nodename: string; nodeport: number; reportedstate: string; goalstate: string }>(
        `select nodeid, nodename, nodeport, reportedstate::text, goalstate::text from pgautofailover.node order by nodeid`,
      )
    ).map((r) => ({ nodeId: r.nodeid, name: r.nodename, port: r.nodeport, reported: r.reportedstate, goal: r.goalstate }));
  }

  /** Waits until one node is primary and the other its secondary (both reported as assigned). */
  async waitStable(timeoutMs: number): Promise<{ primary: NodeState; secondary: NodeState }> {
    const deadline = Date.now() + timeoutMs;
    let found: { primary: NodeState; secondary: NodeState } | null = null;
    await this.until(deadline, 'a primary and a secondary', async () => {
      const s = await this.state();
      const primary = s.find((n) => n.reported === 'primary' && n.goal === 'primary');
      const secondary = s.find((n) => n.reported === 'secondary' && n.goal === 'secondary');
      found = primary && secondary ? { primary, secondary } : null;
      return !!found;
    });
    return found!;
  }

  /** The application's URI (`pg_autoctl show uri --formation default`), as the user postgres. */
  appUri(): string {
    const uri = this.ask(['show', 'uri', '--pgdata', path.join(this.dir, 'monitor'), '--formation', 'default']);
    return uri.replace(/^postgres(ql)?:\/\/(?:[^@/]*@)?/, 'postgres://postgres@');
  }

  /** One node's own URL (for direct checks). */
  nodeUrl(port: number): string {
    return `postgres://postgres@127.0.0.1:${port}/${this.dbname}?sslmode=no-verify`;
  }

  private node(port: number) {
    const node = this.nodes.find((n) => n.port === port);
    if (!node) throw new Error(`no node on port ${port}`);
    return node;
  }

  /**
   * The server lost: kill -9 of the node's postmaster and, at the same instant, of its pg_autoctl
   * (its whole process group: keeper, supervisor, postgres backends). Killing the postmaster
   * alone is not a lost server: pg_autoctl restarts it in place within seconds, often before
   * the monitor decides anything. Resolves once they are all gone.
   */
  async killNode(port: number): Promise<void> {
    const node = this.node(port);
    const pid = Number(fs.readFileSync(path.join(node.pgdata, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const child = node.process;
    const gone = child && child.exitCode === null && child.signalCode === null ? new Promise((r) => child.once('exit', r)) : Promise.resolve();
    process.kill(pid, 'SIGKILL');
    if (child?.pid) process.kill(-child.pid, 'SIGKILL');
    await gone;
    // the backends in the group are gone with it; wait until the postmaster's pid is free
    for (let i = 0; i < 100; i++) {
      try {
        process.kill(pid, 0);
        await sleep(20);
      } catch {
        break;
      }
    }
  }

  /** The lost server back: `pg_autoctl run` on its folder (it rejoins as a standby on its own). */
  restartNode(port: number): void {
    const node = this.node(port);
    node.process = this.run(node.name, ['run', '--pgdata', node.pgdata]);
  }

  /** Settings the monitor and the primary show for synchronous replication. */
  async replication(primaryPort: number): Promise<{ numberSyncStandbys: number; synchronousStandbyNames: string; synchronousCommit: string; syncStates: string[] }> {
    const [f] = await this.query<{ number_sync_standbys: number }>(`select number_sync_standbys from pgautofailover.formation where formationid = 'default'`);
    const c = new Client({ connectionString: this.nodeUrl(primaryPort) });
    await c.connect();
    try {
      const names = (await c.query(`show synchronous_standby_names`)).rows[0].synchronous_standby_names as string;
      const commit = (await c.query(`show synchronous_commit`)).rows[0].synchronous_commit as string;
      const states = (await c.query(`select sync_state from pg_stat_replication`)).rows.map((r) => r.sync_state as string);
      return { numberSyncStandbys: f.number_sync_standbys, synchronousStandbyNames: names, synchronousCommit: commit, syncStates: states };
    } finally {
      await c.end();
    }
  }

  /** Stops every pg_autoctl (SIGTERM, then SIGKILL) and removes the folder. */
  async dispose(): Promise<void> {
    await this.monitor?.end().catch(() => undefined);
    this.monitor = null;
    // the nodes first (the monitor last), each group as a whole
    for (const c of [...this.children].reverse()) {
      if (!c.pid || c.exitCode !== null || c.signalCode !== null) continue;
      const gone = new Promise((r) => c.once('exit', r));
      try {
        process.kill(-c.pid, 'SIGTERM');
      } catch {
        continue;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-c.pid!, 'SIGKILL');
        } catch {
          /* gone */
        }
      }, 10_000);
      await gone;
      clearTimeout(timer);
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
