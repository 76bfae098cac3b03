import { and, eq, sql } from 'drizzle-orm';
import type { Clock } from '../clock';
import type { Config, MessageKind } from '../config';
import type { Db } from '../db/client';
import type { Pii } from '../crypto/pii';
import { outbox, users } from '../db/schema';
import type { Logger } from '../logger';
import { ERRCODE, WechatError } from './client';
import type { Wechat } from './wechat';

/** A subscription message caused by one event (API.md WeChat, Messages). */
export interface OutboxMessage {
  /** Names the event: one event, one message, however often it is enqueued (e.g. `CONSENT:<memberId>`). */
  eventKey: string;
  kind: MessageKind;
  /** The recipient: a user, or the person whose verified account receives it (none: nothing is queued). */
  to: { userId: string } | { personId: string };
  /** The mini-program page the message opens, with its query (`pages/consent/index?memberId=…`). */
  page: string;
  /** The template's fields (`thing1`, `time2`, …): masked names, amounts, times; never a full ID or phone. */
  data: Record<string, string>;
}

/**
 * Queues a message inside the caller's transaction (the one that makes the business change), so
 * the change and its message are committed together or not at all. Nothing is queued when the
 * kind has no template id (WECHAT_TEMPLATE_<KIND> unset), WeChat is not configured, or the
 * recipient has no account. The same `eventKey` again is a no-op. Returns whether a row was
 * written; the caller may `nudge()` the worker after the commit to send it at once.
 *
 * For other features (counter settlements, refunds): call it with the settlement's transaction,
 * e.g. `enqueueMessage(tx, ctx, {eventKey: 'REFUND:' + settlementId, kind: 'REFUND', to: {personId},
 * page: 'pages/mine/index', data: {...}})`.
 */
export async function enqueueMessage(tx: Db, ctx: { config: Config; clock: Clock }, m: OutboxMessage): Promise<boolean> {
  const templateId = ctx.config.wechatApi.templates[m.kind];
  if (!templateId || !ctx.config.wechat) return false;
  let userId: string;
  if ('userId' in m.to) {
    userId = m.to.userId;
  } else {
    const [user] = await tx.select({ userId: users.userId }).from(users).where(eq(users.personId, m.to.personId));
    if (!user) return false;
    userId = user.userId;
  }
  const now = ctx.clock.now();
  const data = Object.fromEntries(Object.entries(m.data).map(([k, v]) => [k, { value: v }]));
  const rows = await tx
    .insert(outbox)
    .values({ eventKey: m.eventKey, kind: m.kind, userId, templateId, page: m.page, data, nextAttemptAt: now, createdAt: now })
    .onConflictDoNothing({ target: outbox.eventKey })
    .returning({ id: outbox.id });
  return rows.length === 1;
}

export interface OutboxOptions {
  /** How often every process looks for due messages (ms). */
  pollMs: number;
  /** Messages claimed at once. */
  batch: number;
  /** One send, all its attempts together (ms). */
  sendDeadlineMs: number;
  /** A claimed message is another process's to take after this (ms): longer than a send. */
  leaseMs: number;
  /** Sends tried before a message is given up. */
  maxAttempts: number;
}

export const DEFAULT_OUTBOX: OutboxOptions = { pollMs: 1000, batch: 20, sendDeadlineMs: 5000, leaseMs: 10_000, maxAttempts: 12 };

/** errcodes after which sending again is pointless (a refused subscription, a bad openid or template). */
const RETRYABLE = new Set<number>([ERRCODE.SYSTEM_BUSY, ERRCODE.INVALID_TOKEN, ERRCODE.TOKEN_EXPIRED, ERRCODE.RATE_LIMITED, 45009]);

type Claimed = { id: number; user_id: string; template_id: string; page: string; data: Record<string, { value: string }>; attempts: number; kind: string };

/**
 * Sends the outbox (every BFF process runs one): due rows are claimed with a lease (FOR UPDATE
 * SKIP LOCKED, so two processes never send the same row at once), sent, and marked sent; a send
 * that fails for WeChat's sake is tried again with backoff (1 s, 2 s, 4 s, … up to 10 min), one refused
 * for good is dropped. A crash leaves the row to be claimed again when its lease ends: nothing is
 * lost, and only a crash in the moment between WeChat's answer and the mark could send one twice.
 * The citizen's request never waits for any of it.
 */
export class OutboxWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private started = false;

  constructor(
    private readonly db: Db,
    private readonly wechat: Wechat,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly pii: Pii,
    readonly options: OutboxOptions = DEFAULT_OUTBOX,
  ) {}

  start(): void {
    if (this.started) return;
    this.started = true;
    this.timer = setInterval(() => this.nudge(), this.options.pollMs);
    this.timer.unref();
    this.nudge();
  }

  /** Waits for the send under way, then stops. */
  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** Look for due messages now (after a commit that queued one); never waits, never throws. */
  nudge(): void {
    if (!this.started) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          while ((await this.runOnce()) === this.options.batch && this.started) {
            /* a full batch: there may be more */
          }
        } catch (err) {
          this.logger.warn({ err: (err as Error).message }, 'outbox run failed');
        }
      } while (this.again && this.started);
    })().finally(() => {
      this.running = null;
    });
  }

  /** Claims the due messages and sends them; the number claimed. */
  async runOnce(): Promise<number> {
    const now = this.clock.now();
    const lease = new Date(now.getTime() + this.options.leaseMs);
    const result = (await this.db.execute(sql`
      update ${outbox} set locked_until = ${lease.toISOString()}::timestamptz, attempts = attempts + 1
      where id in (
        select id from ${outbox}
        where sent_at is null and dropped_at is null and next_attempt_at <= ${now.toISOString()}::timestamptz
          and (locked_until is null or locked_until < ${now.toISOString()}::timestamptz)
        order by id limit ${this.options.batch}
        for update skip locked)
      returning id::int as id, user_id, template_id, page, data, attempts, kind`)) as unknown as { rows: Claimed[] };
    await Promise.all(result.rows.map((row) => this.send(row)));
    return result.rows.length;
  }

  private async send(row: Claimed): Promise<void> {
    const [user] = await this.db.select({ sealed: users.openidSealed }).from(users).where(eq(users.userId, row.user_id));
    if (!user) return this.drop(row, 'recipient has no account any more');
    if (!user.sealed) return this.drop(row, "recipient's openid is not known (account from before it was kept sealed)");
    try {
      await this.wechat.sendSubscribe({ touser: this.pii.decrypt(user.sealed), template_id: row.template_id, page: row.page, data: row.data }, this.options.sendDeadlineMs);
    } catch (err) {
      const retry = !(err instanceof WechatError) || err.kind === 'UNAVAILABLE' || (err.errcode !== null && RETRYABLE.has(err.errcode));
      const reason = err instanceof WechatError ? (err.errcode !== null ? `errcode ${err.errcode}` : err.errmsg) : (err as Error).message;
      if (!retry) return this.drop(row, reason);
      if (row.attempts >= this.options.maxAttempts) return this.drop(row, `gave up after ${row.attempts} attempts: ${reason}`);
      const wait = Math.min(600_000, 1000 * 2 ** (row.attempts - 1));
      await this.db
        .update(outbox)
        .set({ nextAttemptAt: new Date(this.clock.now().getTime() + wait), lockedUntil: null, lastError: reason.slice(0, 200) })
        .where(eq(outbox.id, row.id));
      this.logger.warn({ outbox: row.id, kind: row.kind, attempts: row.attempts, reason }, 'subscription message not sent: will try again');
      return;
    }
    await this.db.update(outbox).set({ sentAt: this.clock.now(), lockedUntil: null, lastError: null }).where(and(eq(outbox.id, row.id)));
    this.logger.info({ outbox: row.id, kind: row.kind }, 'subscription message sent');
  }

  /** Sent or dropped rows older than 30 days go (the event's own records stay where they are). */
  async purge(now: Date): Promise<number> {
    const before = new Date(now.getTime() - 30 * 86_400_000);
    const gone = await this.db
      .delete(outbox)
      .where(sql`(${outbox.sentAt} < ${before.toISOString()}::timestamptz or ${outbox.droppedAt} < ${before.toISOString()}::timestamptz)`)
      .returning({ id: outbox.id });
    return gone.length;
  }

  private async drop(row: Claimed, reason: string): Promise<void> {
    await this.db.update(outbox).set({ droppedAt: this.clock.now(), lockedUntil: null, lastError: reason.slice(0, 200) }).where(eq(outbox.id, row.id));
    this.logger.warn({ outbox: row.id, kind: row.kind, reason }, 'subscription message dropped');
  }
}
