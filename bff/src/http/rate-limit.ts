import { and, asc, desc, eq, gt, lt, ne } from 'drizzle-orm';
import type { RateLimit } from '../config';
import type { Clock } from '../clock';
import type { Db } from '../db/client';
import { rateEvents } from '../db/schema';
import { retryAfter } from './errors';

/**
 * Sliding-window counters in the database, so that limits hold across BFF processes.
 * An attempt is recorded first and then counted: two processes racing both see each other.
 */
export class RateLimiter {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Records an attempt; throws 429 RATE_LIMITED when it is over the limit. */
  async hit(bucket: string, limit: RateLimit): Promise<void> {
    const now = this.clock.now();
    const since = new Date(now.getTime() - limit.windowMs);
    await this.db.insert(rateEvents).values({ bucket, at: now });
    const times = await this.recent(bucket, since, limit.limit + 1);
    if (times.length > limit.limit) {
      // the window drops below the limit when the (limit)-th most recent attempt leaves it
      const unlocksAt = new Date(times[limit.limit - 1].getTime() + limit.windowMs);
      await this.prune(bucket, since);
      throw retryAfter(429, 'RATE_LIMITED', unlocksAt, now);
    }
  }

  /** Throws 429 RATE_LIMITED if the bucket is already at its limit (without recording; `except`: a reserved attempt not to count). */
  async ensureBelow(bucket: string, limit: RateLimit, except?: number): Promise<void> {
    const now = this.clock.now();
    const times = await this.recent(bucket, new Date(now.getTime() - limit.windowMs), limit.limit, except);
    if (times.length >= limit.limit) throw retryAfter(429, 'RATE_LIMITED', new Date(times[limit.limit - 1].getTime() + limit.windowMs), now);
  }

  async record(bucket: string): Promise<void> {
    await this.db.insert(rateEvents).values({ bucket, at: this.clock.now() });
  }

  /**
   * Records an attempt before it is decided and returns its id. A failure limit checked only
   * after the decision lets a parallel burst (in any process) through before any failure is
   * recorded; reserved first, parallel attempts see each other. `release` takes it back when
   * the attempt turns out not to count (a success); a crash in between leaves it counted (the
   * safe side).
   */
  async reserve(bucket: string): Promise<number> {
    const [row] = await this.db.insert(rateEvents).values({ bucket, at: this.clock.now() }).returning({ id: rateEvents.id });
    return row.id;
  }

  async release(id: number): Promise<void> {
    await this.db.delete(rateEvents).where(eq(rateEvents.id, id));
  }

  /** Attempts inside the window, oldest first (`except`: a reserved attempt not to count). */
  async timesSince(bucket: string, since: Date, except?: number): Promise<Date[]> {
    const rows = await this.db
      .select({ at: rateEvents.at })
      .from(rateEvents)
      .where(and(eq(rateEvents.bucket, bucket), gt(rateEvents.at, since), except === undefined ? undefined : ne(rateEvents.id, except)))
      .orderBy(asc(rateEvents.at));
    return rows.map((r) => r.at);
  }

  private async recent(bucket: string, since: Date, n: number, except?: number): Promise<Date[]> {
    const rows = await this.db
      .select({ at: rateEvents.at })
      .from(rateEvents)
      // no upper bound at "now": an attempt of a parallel request (in any process) whose time was
      // taken a moment after this one's must count too, or a burst gets past the limit
      .where(and(eq(rateEvents.bucket, bucket), gt(rateEvents.at, since), except === undefined ? undefined : ne(rateEvents.id, except)))
      .orderBy(desc(rateEvents.at))
      .limit(n);
    return rows.map((r) => r.at);
  }

  /** Drops attempts older than any window (run periodically by main). */
  async purge(olderThanMs = 25 * 3600_000): Promise<void> {
    await this.db.delete(rateEvents).where(lt(rateEvents.at, new Date(this.clock.now().getTime() - olderThanMs)));
  }

  private async prune(bucket: string, before: Date): Promise<void> {
    await this.db.delete(rateEvents).where(and(eq(rateEvents.bucket, bucket), lt(rateEvents.at, before)));
  }
}
