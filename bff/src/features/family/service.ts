import {
  AddMemberBody,
  BindingDecision,
  BindingStatus,
  checkBinding,
  checkOrganizer,
  declineNoticeSince,
  FamilyMember,
  INVERSE_RELATION,
  Modes,
  normaliseName,
  PersonView,
  reason,
  Relation,
  ResponseOf,
  toShanghaiIso,
} from '@yibao/shared';
import { Ctx, isUniqueViolation } from '../../context';
import { newId } from '../../ids';
import { notEligible, notFound, realNameRequired } from '../../http/errors';
import type { Person } from '../../people/people';
import { consentMessage, invitationMessage } from '../../wechat/messages';
import { enqueueMessage } from '../../wechat/outbox';
import { Binding, FamilyStore, LIVE } from './store';

export class FamilyService {
  readonly store: FamilyStore;

  constructor(private readonly ctx: Ctx) {
    this.store = new FamilyStore(ctx.db);
  }

  private async self(personId: string): Promise<Person> {
    const person = await this.ctx.people.get(personId);
    if (!person) throw realNameRequired();
    return person;
  }

  /**
   * POST /family/members (P-FAM-1..8, P-FAM-11): the caller organises; adults consent first
   * (P-FAM-6). A person is looked at only once the registry confirms them (name and ID number)
   * as the declared relative: no personId is issued and no insurance read for anyone else.
   * Failed attempts count against the caller (10 per 24 h, then 429): reserved before the
   * decision so that a parallel burst sees itself, taken back on success.
   */
  async addMember(organizerPersonId: string, input: AddMemberBody) {
    const { ctx } = this;
    const failures = `binding-failure:${organizerPersonId}`;
    const pending = await ctx.limiter.reserve(failures);
    let failed = false;
    try {
      await ctx.limiter.ensureBelow(failures, ctx.config.rateLimits.bindingFailuresPerUser, pending);
      const decision = await this.decideBinding(organizerPersonId, input);
      if (!decision.ok) {
        failed = true;
        throw notEligible(decision.reasons);
      }
      return decision.member;
    } finally {
      if (!failed) await ctx.limiter.release(pending);
    }
  }

  private async decideBinding(organizerPersonId: string, input: AddMemberBody) {
    const { ctx } = this;
    const organizer = await this.self(organizerPersonId);
    const self = organizer.citizen.idNumber === input.idNumber;
    const found = self ? null : await ctx.upstream.findPerson(input.idNumber);
    const named = found && normaliseName(found.name) === normaliseName(input.name) ? found : null;
    const registryRelation = named ? await ctx.upstream.registryRelation(organizer.citizen.idNumber, named.idNumber) : null;
    const confirmed = named !== null && registryRelation === input.relation;
    const member = self ? organizer : confirmed ? await ctx.people.byIdNumber(named.idNumber) : null;
    const memberId = newId('m_');
    const at = ctx.clock.now();
    let invited = false;
    const decision = await ctx.db
      .transaction(async (tx) => {
        await this.store.lockNetwork(tx, organizerPersonId);
        const existing = await this.store.liveOf(organizerPersonId, tx);
        const d = checkBinding({
          at,
          policy: ctx.upstream.catalog().familyPolicy,
          organizer: organizer.facts,
          member: member?.facts ?? null,
          declared: input.relation,
          registryRelation,
          existingMemberIds: existing.map((b) => b.memberPersonId),
        });
        if (d.ok && member && d.status) {
          await this.store.insert(tx, { memberId, organizerPersonId, memberPersonId: member.personId, relation: input.relation, status: d.status, at });
          // API.md WeChat, Messages: the invitee hears of it, if they have an account (with the binding, or not at all)
          if (d.status === 'PENDING_CONSENT') {
            const message = invitationMessage(memberId, ctx.people.view(organizer).maskedName, input.relation, at);
            invited = await enqueueMessage(tx, ctx, { eventKey: `INVITATION:${memberId}`, kind: 'INVITATION', to: { personId: member.personId }, ...message });
          }
        }
        return d;
      })
      .catch((err): BindingDecision => {
        if (isUniqueViolation(err)) return { ok: false, reasons: [reason('DUPLICATE_MEMBER')], status: null };
        throw err;
      });
    if (!decision.ok || !member || !decision.status) return { ok: false as const, reasons: decision.reasons };
    if (invited) ctx.outbox.nudge();
    const added: ResponseOf<'addMember'> = { memberId, personId: member.personId, relation: input.relation, status: decision.status };
    return { ok: true as const, member: added };
  }

  /**
   * GET /family/members: the caller's network as organizer. A member who has not consented yet
   * shows only who was invited (name mask, gender, relation): their ID, age and insurance stay
   * private until they agree (PIPL; API.md Family).
   */
  async list(organizerPersonId: string): Promise<ResponseOf<'familyNetwork'>> {
    const since = declineNoticeSince(this.ctx.clock.now());
    const [modes, live, declinedRows] = await Promise.all([
      this.store.modes(organizerPersonId),
      this.store.liveOf(organizerPersonId),
      this.store.declinedOf(organizerPersonId, since),
    ]);
    const people = await this.ctx.people.getMany([...live, ...declinedRows].map((b) => b.memberPersonId));
    const members: FamilyMember[] = [];
    for (const b of live) {
      const person = people.get(b.memberPersonId);
      if (!person) continue;
      const v = this.ctx.people.view(person);
      const row = { memberId: b.memberId, personId: b.memberPersonId, relation: b.relation as Relation, maskedName: v.maskedName, gender: v.gender };
      members.push(
        b.status === 'ACTIVE'
          ? { ...row, status: 'ACTIVE', maskedIdNumber: v.maskedIdNumber, age: v.age, insurance: v.insurance }
          : { ...row, status: 'PENDING_CONSENT' },
      );
    }
    // #14 finding 10: a decline is told, not dropped; only the latest per person, and none for
    // someone invited again since (their live row says where things stand)
    const invitedNow = new Set(live.map((b) => b.memberPersonId));
    const declined: NonNullable<ResponseOf<'familyNetwork'>['declined']> = [];
    for (const b of declinedRows) {
      const person = people.get(b.memberPersonId);
      if (!person || invitedNow.has(b.memberPersonId)) continue;
      invitedNow.add(b.memberPersonId);
      const v = this.ctx.people.view(person);
      declined.push({ memberId: b.memberId, personId: b.memberPersonId, relation: b.relation as Relation, maskedName: v.maskedName, gender: v.gender, declinedAt: toShanghaiIso(b.updatedAt) });
    }
    return declined.length > 0 ? { modes, members, declined } : { modes, members };
  }

  /** PUT /family/modes (P-FAM-7): only an organizer-eligible person sets modes (P-FAM-1). */
  async setModes(organizerPersonId: string, modes: Modes): Promise<ResponseOf<'setFamilyModes'>> {
    const organizer = await this.self(organizerPersonId);
    const reasons = checkOrganizer(organizer.facts);
    if (reasons.length > 0) throw notEligible(reasons);
    await this.store.setModes(organizerPersonId, { pay: modes.pay, premium: modes.premium }, this.ctx.clock.now());
    return { modes: { pay: modes.pay, premium: modes.premium } };
  }

  /**
   * GET /family/invitations: bindings waiting for the caller's consent, with who invited them
   * (masked, and what they are to the caller) and what agreeing allows (the organizer's modes).
   */
  async invitations(memberPersonId: string): Promise<ResponseOf<'invitations'>> {
    const pending = await this.store.invitationsFor(memberPersonId);
    return this.withOrganizers(pending, (b, organizer, modes) => ({
      memberId: b.memberId,
      relation: b.relation as Relation,
      organizer: { ...organizer, relation: INVERSE_RELATION[b.relation as Relation] },
      modes,
    }));
  }

  /** GET /family/memberships: the networks the caller has joined (ACTIVE), with the organizer's modes. */
  async memberships(memberPersonId: string): Promise<ResponseOf<'memberships'>> {
    const joined = await this.store.membershipsOf(memberPersonId);
    return this.withOrganizers(joined, (b, organizer, modes) => ({
      memberId: b.memberId,
      relation: b.relation as Relation,
      status: b.status as BindingStatus,
      organizer: { maskedName: organizer.maskedName },
      modes,
    }));
  }

  private async withOrganizers<T>(
    rows: Binding[],
    view: (b: Binding, organizer: Pick<PersonView, 'maskedName' | 'gender'>, modes: Modes) => T,
  ): Promise<T[]> {
    const organizers = [...new Set(rows.map((b) => b.organizerPersonId))];
    const [people, modes] = await Promise.all([this.ctx.people.getMany(organizers), this.store.modesOfMany(organizers)]);
    const out: T[] = [];
    for (const b of rows) {
      const organizer = people.get(b.organizerPersonId);
      if (!organizer) continue;
      const v = this.ctx.people.view(organizer);
      out.push(view(b, { maskedName: v.maskedName, gender: v.gender }, modes.get(b.organizerPersonId) ?? { pay: false, premium: false }));
    }
    return out;
  }

  /** P-FAM-6: the member consents (ACTIVE) or declines (DECLINED) from their own verified account. */
  async answer(memberPersonId: string, memberId: string, accept: boolean): Promise<ResponseOf<'acceptInvitation'>> {
    const { ctx } = this;
    const status = accept ? 'ACTIVE' : 'DECLINED';
    const at = ctx.clock.now();
    const self = await this.self(memberPersonId);
    let queued = false;
    // the answer and the organizer's CONSENT message (API.md WeChat, Messages) in one transaction
    const answered = await ctx.db.transaction(async (tx) => {
      const b = await this.store.answer(tx, memberId, memberPersonId, status, at);
      if (!b) return null;
      const message = consentMessage(ctx.people.view(self).maskedName, b.relation as Relation, accept, at);
      queued = await enqueueMessage(tx, ctx, { eventKey: `CONSENT:${memberId}`, kind: 'CONSENT', to: { personId: b.organizerPersonId }, ...message });
      return b;
    });
    if (!answered) throw notFound();
    if (queued) ctx.outbox.nudge();
    return { status };
  }

  /** P-FAM-8: either side unbinds at any time; past payments are untouched. */
  async remove(personId: string, memberId: string): Promise<void> {
    const ok = await this.store.transition(memberId, LIVE, 'REMOVED', this.ctx.clock.now(), { personId, side: 'either' });
    if (!ok) throw notFound();
  }
}
