import { sql } from 'drizzle-orm';
import type { Clock } from '../../clock';
import type { Db } from '../../db/client';
import { revokedFamilies } from '../../db/schema';
import type { Logger } from '../../logger';

/**
 * Revoked token families, as every process sees them, without a database read per request.
 *
 * Every citizen access token names its family (the `fam` claim: one sign-in and its refreshes).
 * A revocation (a reused refresh token, a logout) is written to `revoked_families` with the
 * database's own time and added to this process's set at once, before the answer is sent. Every
 * process reloads the rows newer than the last it saw every `pollMs` (2 s by default; a window of
 * 30 s more, for transactions that committed after later ones), so another process refuses the
 * family's access tokens at most one poll later: within `pollMs` plus one query. An entry is
 * forgotten once every access token of its family has expired (the access-token lifetime and a
 * minute after it was learnt, by the app clock): no new one is issued to a revoked family.
 */
export class Revocations {
  /** family id → app-clock ms when this process learnt of it */
  private readonly families = new Map<string, number>();
  /** the newest `revoked_at` seen, as the database writes it */
  private since: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly keepMs: number;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly opts: { pollMs: number; accessTtlSeconds: number; logger?: Logger },
  ) {
    this.keepMs = (opts.accessTtlSeconds + 60) * 1000;
  }

  has(familyId: string): boolean {
    return this.families.has(familyId);
  }

  /** Records a revocation (inside the caller's transaction when given); call `learn` once it is committed. */
  async record(familyId: string, db: Db = this.db): Promise<void> {
    await db.insert(revokedFamilies).values({ familyId }).onConflictDoNothing();
  }

  /** This process refuses the family's access tokens from now on. */
  learn(familyId: string): void {
    this.families.set(familyId, this.clock.now().getTime());
  }

  /** Loads the revocations of the other processes since the last poll (all recent ones the first time). */
  async refresh(): Promise<void> {
    const window = this.since === null ? sql`now() - make_interval(secs => ${this.keepMs / 1000})` : sql`${this.since}::timestamptz - interval '30 seconds'`;
    const result = (await this.db.execute(
      sql`select family_id, revoked_at::text as at from ${revokedFamilies} where revoked_at > ${window} order by revoked_at`,
    )) as unknown as { rows: { family_id: string; at: string }[] };
    for (const row of result.rows) {
      if (!this.families.has(row.family_id)) this.learn(row.family_id);
      this.since = row.at;
    }
    const forgetBefore = this.clock.now().getTime() - this.keepMs;
    for (const [family, at] of this.families) if (at < forgetBefore) this.families.delete(family);
  }

  /** Loads the recent revocations, then polls every `pollMs` until `stop`. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.refresh();
    const next = () => {
      if (this.stopped) return;
      this.timer = setTimeout(() => {
        this.refresh()
          .catch((err: Error) => this.opts.logger?.warn({ err: err.message }, 'reloading revoked token families failed'))
          .finally(next);
      }, this.opts.pollMs);
      this.timer.unref();
    };
    next();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Drops rows older than any access token (run periodically by main). */
  async purge(): Promise<void> {
    await this.db.execute(sql`delete from ${revokedFamilies} where revoked_at < now() - make_interval(secs => ${this.keepMs / 1000 + 3600})`);
  }
}
