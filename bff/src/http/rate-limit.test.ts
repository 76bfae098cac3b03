import { sql } from 'drizzle-orm';
import { ManualClock } from '../clock';
import { testDatabase } from '../test/helpers';
import { RateLimiter } from './rate-limit';

it('sliding window in the database: the limit-th attempt passes, the next is 429 until the window moves on; purge drops old rows', async () => {
  const database = await testDatabase();
  try {
    const clock = new ManualClock('2026-11-24T10:00:00+08:00');
    const limiter = new RateLimiter(database.db, clock);
    const limit = { limit: 3, windowMs: 60_000 };
    for (let i = 0; i < 3; i++) {
      await limiter.hit('b', limit);
      clock.advance(10_000);
    }
    await expect(limiter.hit('b', limit)).rejects.toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    await expect(limiter.hit('other', limit)).resolves.toBeUndefined();
    clock.advance(60_000);
    await expect(limiter.hit('b', limit)).resolves.toBeUndefined();
    clock.advance(26 * 3600_000);
    await limiter.purge();
    const rows = (await database.db.execute(sql`select count(*)::int as n from rate_events`)) as unknown as { rows: { n: number }[] };
    expect(rows.rows[0].n).toBe(0);
  } finally {
    await database.close();
  }
});
