/**
 * Several PostgreSQL hosts in one DATABASE_URL, as libpq reads them
 * (`postgres://u@h1:p1,h2:p2/db?target_session_attrs=read-write`, the form `pg_autoctl show uri`
 * prints for a pg_auto_failover formation): a new connection goes to the first host that accepts
 * it and has the session attributes asked for. node-postgres has no multi-host support, and
 * postgres.js's has two defects on PostgreSQL ≥ 14 (its `read-write` accepts a hot standby, and
 * with no acceptable host among several it spins without ever failing), so the choice is made here,
 * on connect only: queries run on node-postgres's own clients as before. Which host is primary is
 * pg_auto_failover's decision; this only finds it.
 */

export interface Target {
  host: string;
  port: number;
}

/** What a connection must be (libpq's target_session_attrs; the BFF writes, so no standby modes). */
export type SessionAttrs = 'any' | 'read-write' | 'primary';

export interface ParsedUrl {
  hosts: Target[];
  attrs: SessionAttrs;
  /** The URL with the first host alone and without target_session_attrs (node-postgres reads the rest). */
  template: string;
}

/** No acceptable PostgreSQL among the URL's hosts right now (e.g. during a failover). */
export class DatabaseUnavailableError extends Error {
  readonly code = 'DATABASE_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseUnavailableError';
  }
}

const ATTRS: readonly string[] = ['any', 'read-write', 'primary'];

/**
 * Splits a postgres:// URL into its hosts (`h1:p1,h2,[::1]:p3`; a host without a port gets the
 * URL's `port` parameter or 5432) and its target_session_attrs. Throws on what it cannot read.
 */
export function parseDatabaseUrl(url: string): ParsedUrl {
  const m = /^(postgres(?:ql)?:\/\/)([^@/?#]*@)?([^/?#]*)(.*)$/.exec(url);
  if (!m) throw new Error('DATABASE_URL must be a postgres:// URL');
  const [, scheme, userinfo = '', hostList, rest] = m;
  const query = new URLSearchParams(rest.includes('?') ? rest.slice(rest.indexOf('?') + 1).split('#')[0] : '');
  const defaultPort = Number(query.get('port') ?? 5432);
  const hosts: Target[] = hostList.split(',').map((part) => {
    const hp = /^(\[[^\]]+\]|[^:]*)(?::(\d*))?$/.exec(part);
    if (!hp) throw new Error(`DATABASE_URL: cannot read the host ${JSON.stringify(part)}`);
    const host = decodeURIComponent(hp[1].replace(/^\[(.*)\]$/, '$1')) || 'localhost';
    const port = hp[2] ? Number(hp[2]) : defaultPort;
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`DATABASE_URL: bad port in ${JSON.stringify(part)}`);
    return { host, port };
  });
  const attrs = query.get('target_session_attrs') ?? 'any';
  if (!ATTRS.includes(attrs)) throw new Error(`DATABASE_URL: target_session_attrs=${attrs} is not supported (the BFF writes: any, read-write or primary)`);
  query.delete('target_session_attrs');
  const path = rest.split('?')[0];
  const q = query.toString();
  const first = hosts[0].host.includes(':') ? `[${hosts[0].host}]` : encodeURIComponent(hosts[0].host);
  return { hosts, attrs: attrs as SessionAttrs, template: `${scheme}${userinfo}${first}:${hosts[0].port}${path}${q ? `?${q}` : ''}` };
}

/** libpq's test of a new session, from the parameters PostgreSQL ≥ 14 reports at startup. */
export function acceptable(attrs: SessionAttrs, params: { in_hot_standby?: string; default_transaction_read_only?: string }): boolean {
  if (attrs === 'any') return true;
  if (params.in_hot_standby === 'on') return false;
  return attrs === 'primary' || params.default_transaction_read_only !== 'on';
}

/** Tries one host: true when a session there has the attributes asked for; false or a throw when not. */
export type Probe = (target: Target) => Promise<boolean>;

/**
 * Which host new connections go to. It remembers the last acceptable host; when that one fails
 * (`invalidate`), the next connection probes the hosts in the URL's order (one probe at a time,
 * shared by every connection waiting for it). After a round that found none it answers
 * DatabaseUnavailableError at once for `quietMs`, so that a failover with many clients retrying
 * does not become a storm of connection attempts.
 */
export class HostSelector {
  private current: Target | null = null;
  private probing: Promise<Target> | null = null;
  private failedAt = -Infinity;

  constructor(
    readonly hosts: readonly Target[],
    private readonly probe: Probe,
    private readonly quietMs = 250,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (hosts.length === 0) throw new Error('no hosts');
  }

  /** The host a new connection should use. */
  async target(): Promise<Target> {
    if (this.current) return this.current;
    if (this.probing) return this.probing;
    if (this.now() - this.failedAt < this.quietMs) throw this.none([]);
    const probing = this.search().finally(() => {
      if (this.probing === probing) this.probing = null;
    });
    this.probing = probing;
    return probing;
  }

  /** A connection to `target` failed or was not acceptable: find the primary again next time. */
  invalidate(target: Target): void {
    if (this.current && this.current.host === target.host && this.current.port === target.port) this.current = null;
  }

  private async search(): Promise<Target> {
    const why: string[] = [];
    for (const t of this.hosts) {
      try {
        if (await this.probe(t)) {
          this.current = t;
          return t;
        }
        why.push(`${t.host}:${t.port} not writable`);
      } catch (err) {
        why.push(`${t.host}:${t.port} ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    this.failedAt = this.now();
    throw this.none(why);
  }

  private none(why: string[]): DatabaseUnavailableError {
    const list = this.hosts.map((t) => `${t.host}:${t.port}`).join(', ');
    return new DatabaseUnavailableError(`no writable PostgreSQL among ${list}${why.length ? ` (${why.join('; ')})` : ''}`);
  }
}
