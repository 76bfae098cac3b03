import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { bindings, checkIns, qrTokens } from '../../db/schema';
import { param as p, statement } from '../../db/statement';

/** A stored token as redemption sees it. */
export interface StoredQr {
  personId: string;
  memberId: string | null;
  expiresAt: Date;
  used: boolean;
  /** When it was redeemed (QR_ALREADY_USED says so). */
  usedAt: Date | null;
  /** P-QR-3: the binding the code was shown through is still ACTIVE (true for one's own code). */
  bindingActive: boolean;
}

const ISSUE = statement<{ digest: string }>(
  'qr_issue',
  sql`insert into ${qrTokens} (digest, person_id, user_id, member_id, expires_at, created_at)
    values (${p('digest')}, ${p('personId')}, ${p('userId')}, ${p('memberId')}, ${p('expiresAt')}::timestamptz, ${p('at')}::timestamptz)
    returning digest`,
);

/**
 * P-QR-2 + P-QR-3 in one statement: the token is marked used only if it is unused, unexpired and,
 * for a member's code, its binding is still ACTIVE, and the check-in is recorded with it — both
 * or neither, once across every process (the row lock of the UPDATE; `check_ins.qr_jti` is unique too).
 */
const CLAIM = statement<{ check_in_id: string; person_id: string }>(
  'qr_claim',
  sql`with claimed as (
      update ${qrTokens} q set used_at = ${p('at')}::timestamptz
      where q.digest = ${p('digest')} and q.used_at is null and q.expires_at > ${p('at')}::timestamptz
        and (q.member_id is null or exists (select 1 from ${bindings} b where b.member_id = q.member_id and b.status = 'ACTIVE'))
      returning q.digest, q.person_id
    )
    insert into ${checkIns} (check_in_id, qr_jti, person_id, hospital_id, department, checked_in_at)
    select ${p('checkInId')}, digest, person_id, ${p('hospitalId')}, ${p('department')}, ${p('at')}::timestamptz from claimed
    returning check_in_id, person_id`,
);

const FIND = statement<{ person_id: string; member_id: string | null; expires_ms: number | string; used: boolean; used_ms: number | string | null; binding_active: boolean }>(
  'qr_find',
  sql`select q.person_id, q.member_id, (extract(epoch from q.expires_at) * 1000)::float8 as expires_ms, q.used_at is not null as used,
      (extract(epoch from q.used_at) * 1000)::float8 as used_ms,
      (q.member_id is null or exists (select 1 from ${bindings} b where b.member_id = q.member_id and b.status = 'ACTIVE')) as binding_active
    from ${qrTokens} q where q.digest = ${p('digest')}`,
);

/**
 * #14 finding 7: the latest code a user fetched for a person, with its check-in when it was
 * redeemed (`qr_tokens_user_person_idx`: the phone asks about once a second while it shows a code).
 */
const LATEST = statement<{
  expires_ms: number | string;
  used_ms: number | string | null;
  binding_active: boolean;
  check_in_id: string | null;
  hospital_id: string | null;
  department: string | null;
  checked_in_ms: number | string | null;
}>(
  'qr_latest',
  sql`select (extract(epoch from q.expires_at) * 1000)::float8 as expires_ms, (extract(epoch from q.used_at) * 1000)::float8 as used_ms,
      (q.member_id is null or exists (select 1 from ${bindings} b where b.member_id = q.member_id and b.status = 'ACTIVE')) as binding_active,
      c.check_in_id, c.hospital_id, c.department, (extract(epoch from c.checked_in_at) * 1000)::float8 as checked_in_ms
    from ${qrTokens} q left join ${checkIns} c on c.qr_jti = q.digest
    where q.user_id = ${p('userId')} and q.person_id = ${p('personId')}
    order by q.created_at desc limit 1`,
);

/** The latest code of a user for a person as GET /qrcodes/current sees it. */
export interface LatestQr {
  expiresAt: Date;
  usedAt: Date | null;
  bindingActive: boolean;
  checkIn: { checkInId: string; hospitalId: string; department: string | null; checkedInAt: Date } | null;
}

export class QrStore {
  constructor(private readonly db: Db) {}

  async issue(row: { digest: string; personId: string; userId: string; memberId: string | null; expiresAt: Date; at: Date }): Promise<void> {
    await ISSUE.run(this.db, { ...row, expiresAt: row.expiresAt.toISOString(), at: row.at.toISOString() });
  }

  /** The check-in, when this call redeemed the token; null when it could not (see `find`). */
  async claim(c: { digest: string; checkInId: string; hospitalId: string; department: string | null; at: Date }): Promise<{ checkInId: string; personId: string } | null> {
    const [row] = await CLAIM.run(this.db, { ...c, at: c.at.toISOString() });
    return row ? { checkInId: row.check_in_id, personId: row.person_id } : null;
  }

  async find(digest: string): Promise<StoredQr | null> {
    const [row] = await FIND.run(this.db, { digest });
    if (!row) return null;
    return { personId: row.person_id, memberId: row.member_id, expiresAt: new Date(Number(row.expires_ms)), used: row.used, usedAt: row.used_ms === null ? null : new Date(Number(row.used_ms)), bindingActive: row.binding_active };
  }

  async latest(userId: string, personId: string): Promise<LatestQr | null> {
    const [row] = await LATEST.run(this.db, { userId, personId });
    if (!row) return null;
    const checkIn =
      row.check_in_id && row.hospital_id && row.checked_in_ms !== null
        ? { checkInId: row.check_in_id, hospitalId: row.hospital_id, department: row.department, checkedInAt: new Date(Number(row.checked_in_ms)) }
        : null;
    return { expiresAt: new Date(Number(row.expires_ms)), usedAt: row.used_ms === null ? null : new Date(Number(row.used_ms)), bindingActive: row.binding_active, checkIn };
  }

  /** Drops tokens expired for more than a day (an older token then reads as QR_INVALID). */
  async purge(now: Date): Promise<void> {
    await this.db.execute(sql`delete from ${qrTokens} where expires_at < ${new Date(now.getTime() - 24 * 3600_000).toISOString()}::timestamptz`);
  }
}
