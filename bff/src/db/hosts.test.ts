import fc from 'fast-check';
import { acceptable, DatabaseUnavailableError, HostSelector, parseDatabaseUrl, type Target } from './hosts';

describe('API.md DATABASE_URL: several hosts as libpq reads them (pg_autoctl show uri)', () => {
  it('reads the URI pg_autoctl prints: hosts in order, target_session_attrs, the rest kept for node-postgres', () => {
    const p = parseDatabaseUrl('postgres://app:s%40cret@10.0.0.1:6001,10.0.0.2:6002/yibao?target_session_attrs=read-write&sslmode=require');
    expect(p.hosts).toEqual([
      { host: '10.0.0.1', port: 6001 },
      { host: '10.0.0.2', port: 6002 },
    ]);
    expect(p.attrs).toBe('read-write');
    expect(p.template).toBe('postgres://app:s%40cret@10.0.0.1:6001/yibao?sslmode=require');
  });

  it('a host without a port gets the port parameter or 5432; IPv6 in brackets; one host is one host', () => {
    expect(parseDatabaseUrl('postgresql://db1,db2:5433/x').hosts).toEqual([
      { host: 'db1', port: 5432 },
      { host: 'db2', port: 5433 },
    ]);
    expect(parseDatabaseUrl('postgres://u@[::1]:7000,h/x?port=6000').hosts).toEqual([
      { host: '::1', port: 7000 },
      { host: 'h', port: 6000 },
    ]);
    const one = parseDatabaseUrl('postgres://postgres@127.0.0.1:5432/test');
    expect(one).toEqual({ hosts: [{ host: '127.0.0.1', port: 5432 }], attrs: 'any', template: 'postgres://postgres@127.0.0.1:5432/test' });
  });

  it('refuses standby-only session attributes and bad ports (the BFF writes)', () => {
    expect(() => parseDatabaseUrl('postgres://a,b/x?target_session_attrs=read-only')).toThrow(/not supported/);
    expect(() => parseDatabaseUrl('postgres://a:99999/x')).toThrow(/bad port/);
  });

  it('any list of hosts and ports comes back as it was written', () => {
    const host = fc.oneof(fc.ipV4(), fc.domain());
    fc.assert(
      fc.property(fc.array(fc.record({ host, port: fc.integer({ min: 1, max: 65535 }) }), { minLength: 1, maxLength: 5 }), (hosts) => {
        const url = `postgres://u@${hosts.map((h) => `${h.host}:${h.port}`).join(',')}/db?target_session_attrs=primary`;
        const p = parseDatabaseUrl(url);
        expect(p.hosts).toEqual(hosts);
        expect(p.attrs).toBe('primary');
      }),
    );
  });

  it('a session is writable only off hot standby and not read-only by default (libpq read-write); primary ignores the default', () => {
    expect(acceptable('read-write', { in_hot_standby: 'off', default_transaction_read_only: 'off' })).toBe(true);
    expect(acceptable('read-write', { in_hot_standby: 'on', default_transaction_read_only: 'off' })).toBe(false);
    expect(acceptable('read-write', { in_hot_standby: 'off', default_transaction_read_only: 'on' })).toBe(false);
    expect(acceptable('primary', { in_hot_standby: 'off', default_transaction_read_only: 'on' })).toBe(true);
    expect(acceptable('primary', { in_hot_standby: 'on' })).toBe(false);
    expect(acceptable('any', { in_hot_standby: 'on' })).toBe(true);
  });
});

describe('API.md DATABASE_UNAVAILABLE: finding the writable host after a failover', () => {
  const A: Target = { host: 'a', port: 1 };
  const B: Target = { host: 'b', port: 2 };

  /** A probe over a table of host states, counting calls. */
  function cluster(states: Record<string, 'primary' | 'standby' | 'down'>) {
    const calls: string[] = [];
    const probe = async (t: Target) => {
      calls.push(t.host);
      await new Promise((r) => setTimeout(r, 1));
      if (states[t.host] === 'down') throw new Error('connect ECONNREFUSED');
      return states[t.host] === 'primary';
    };
    return { states, calls, probe };
  }

  it('tries the hosts in order and remembers the first writable one', async () => {
    const c = cluster({ a: 'standby', b: 'primary' });
    const s = new HostSelector([A, B], c.probe);
    expect(await s.target()).toEqual(B);
    expect(await s.target()).toEqual(B);
    expect(c.calls).toEqual(['a', 'b']);
  });

  it('connections waiting at once share one search', async () => {
    const c = cluster({ a: 'down', b: 'primary' });
    const s = new HostSelector([A, B], c.probe);
    const got = await Promise.all(Array.from({ length: 20 }, () => s.target()));
    expect(got.every((t) => t === B)).toBe(true);
    expect(c.calls).toEqual(['a', 'b']);
  });

  it('no writable host: DatabaseUnavailableError naming every host, then quiet for a moment, then it looks again', async () => {
    let now = 0;
    const c = cluster({ a: 'down', b: 'standby' });
    const s = new HostSelector([A, B], c.probe, 250, () => now);
    const err = await s.target().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseUnavailableError);
    expect((err as Error).message).toMatch(/a:1 connect ECONNREFUSED; b:2 not writable/);
    now = 100;
    await expect(s.target()).rejects.toBeInstanceOf(DatabaseUnavailableError);
    expect(c.calls).toEqual(['a', 'b']); // no new attempt while quiet
    // the standby is promoted (pg_auto_failover), the old primary is still down
    c.states.b = 'primary';
    now = 300;
    expect(await s.target()).toEqual(B);
  });

  it('after invalidate (the primary failed) the next connection finds the new primary', async () => {
    const c = cluster({ a: 'primary', b: 'standby' });
    const s = new HostSelector([A, B], c.probe);
    expect(await s.target()).toEqual(A);
    c.states.a = 'down';
    c.states.b = 'primary';
    s.invalidate(B); // another host: nothing changes
    expect(await s.target()).toEqual(A);
    s.invalidate(A);
    expect(await s.target()).toEqual(B);
    // the old primary comes back as a standby: B stays
    c.states.a = 'standby';
    expect(await s.target()).toEqual(B);
  });
});
