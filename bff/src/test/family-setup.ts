import { W, type TestApp } from './helpers';

type Auth = { Authorization: string };

/** Binds `idNumber` to the organizer and, for adults, accepts from the member's own account. */
export async function bind(t: TestApp, organizer: Auth, idNumber: string, relation: string): Promise<{ personId: string; memberId: string }> {
  const c = t.world.citizens.find((x) => x.idNumber === idNumber)!;
  const res = await t.http().post('/api/v1/family/members').set(organizer).send({ name: c.name, idNumber, relation });
  if (res.status !== 201) throw new Error(`bind failed: ${res.status} ${JSON.stringify(res.body)}`);
  if (res.body.status === 'PENDING_CONSENT') {
    const member = await t.citizen(idNumber);
    const acc = await t.http().post(`/api/v1/family/invitations/${res.body.memberId}/accept`).set(member.auth);
    if (acc.status !== 200) throw new Error(`accept failed: ${acc.status}`);
  }
  return { personId: res.body.personId, memberId: res.body.memberId };
}

/** Binds several members in order; answers their personIds by key. */
export async function bindAll(t: TestApp, organizer: Auth, members: readonly (readonly [key: string, idNumber: string, relation: string])[]): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const [key, idNumber, relation] of members) ids[key] = (await bind(t, organizer, idNumber, relation)).personId;
  return ids;
}

export async function enablePremium(t: TestApp, organizer: Auth, premium = true): Promise<void> {
  const res = await t.http().put('/api/v1/family/modes').set(organizer).send({ pay: true, premium });
  if (res.status !== 200) throw new Error(`modes failed: ${res.status}`);
}

/** An organizer signed in and verified, the members bound (by key) and 共济缴费 with premium on. */
export async function familyOf(
  t: TestApp,
  organizerIdNumber: string,
  members: readonly (readonly [key: string, idNumber: string, relation: string])[],
): Promise<{ organizer: { auth: Auth; personId: string }; p: Record<string, string> }> {
  const organizer = await t.citizen(organizerIdNumber);
  const p = await bindAll(t, organizer.auth, members);
  await enablePremium(t, organizer.auth);
  return { organizer, p };
}

/** 王建国's household of the demo world: his wife, son and both parents (orders and self-pay tests). */
export const wangHousehold = (t: TestApp) =>
  familyOf(t, W.wang, [
    ['wife', W.wangWife, 'SPOUSE'],
    ['son', W.wangSon, 'CHILD'],
    ['father', W.wangFather, 'PARENT'],
    ['mother', W.wangMother, 'PARENT'],
  ]);
