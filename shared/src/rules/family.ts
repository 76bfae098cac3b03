import { ageOn, ADULT_AGE } from '../identity/age';
import { reason } from '../reasons';
import type { BindingStatus, FamilyPolicy, PersonFacts, Reason, Relation, RelationPolicy } from '../types';
import { withinScope } from './region';

/** P-FAM-3: relations each policy allows. */
export const ALLOWED_RELATIONS: Record<RelationPolicy, readonly Relation[]> = {
  NARROW: ['SPOUSE', 'PARENT', 'CHILD'],
  NEAR: ['SPOUSE', 'PARENT', 'CHILD', 'SIBLING', 'GRANDPARENT', 'GRANDCHILD'],
};

/** P-FAM-5: legal marriage age. */
export const MARRIAGE_AGE = { M: 22, F: 20 } as const;

/** The relation the other side holds: if B is A's PARENT, A is B's CHILD. */
export const INVERSE_RELATION: Record<Relation, Relation> = {
  SPOUSE: 'SPOUSE',
  PARENT: 'CHILD',
  CHILD: 'PARENT',
  SIBLING: 'SIBLING',
  GRANDPARENT: 'GRANDCHILD',
  GRANDCHILD: 'GRANDPARENT',
};

/** What P-FAM-1 looks at: the scheme, the status and whether there is a personal account. */
export interface OrganizerInsurance {
  scheme: string;
  status: string;
  account?: unknown;
}

/**
 * P-FAM-1 on insurance alone (the BFF's person facts, or GET /me's `insurance` in the
 * mini-program, #14 finding 11): an active employee insured person with a personal account.
 * Every failing reason is listed (P-PAY-9).
 */
export function organizerReasons(insurance: OrganizerInsurance): Reason[] {
  const reasons: Reason[] = [];
  if (insurance.scheme !== 'EMPLOYEE' || !insurance.account) reasons.push(reason('ORGANIZER_NOT_EMPLOYEE'));
  if (insurance.status !== 'ACTIVE') reasons.push(reason('ORGANIZER_NOT_ACTIVE'));
  return reasons;
}

/** P-FAM-1: the organizer is an active employee insured person with a personal account. */
export function checkOrganizer(organizer: PersonFacts): Reason[] {
  return organizerReasons(organizer.insurance);
}

/** #14 finding 10: how long the organizer is told of a declined invitation. */
export const DECLINE_NOTICE_DAYS = 30;

/** The earliest answer time still told to the organizer at `at` (DECLINE_NOTICE_DAYS before). */
export function declineNoticeSince(at: Date): Date {
  return new Date(at.getTime() - DECLINE_NOTICE_DAYS * 24 * 3600 * 1000);
}

/** P-FAM-5: the declared relation is possible given both birth dates (and marriage age). */
export function isPlausible(relation: Relation, organizer: PersonFacts, member: PersonFacts, at: Date): boolean {
  switch (relation) {
    case 'PARENT':
    case 'GRANDPARENT':
      return member.birthDate < organizer.birthDate;
    case 'CHILD':
    case 'GRANDCHILD':
      return member.birthDate > organizer.birthDate;
    case 'SPOUSE':
      return [organizer, member].every((p) => ageOn(p.birthDate, at) >= MARRIAGE_AGE[p.sex]);
    case 'SIBLING':
      return true;
  }
}

export interface BindingInput {
  at: Date;
  policy: FamilyPolicy;
  organizer: PersonFacts;
  /**
   * The registry's record of the person named (ID number and name both matching); null when the
   * registry does not know that ID number or knows it under another name.
   */
  member: PersonFacts | null;
  /** What the member is to the organizer, as declared. */
  declared: Relation;
  /** What the registry (户口本) says the member is to the organizer; null when it knows nothing. */
  registryRelation: Relation | null;
  /** The organizer's current bindings (active or waiting for consent). */
  existingMemberIds: readonly string[];
}

export interface BindingDecision {
  ok: boolean;
  reasons: Reason[];
  /** P-FAM-6: what the binding becomes when ok. */
  status: BindingStatus | null;
}

/** P-FAM-6: a minor is bound by a parent or grandparent at once; adults consent first. */
export function needsConsent(member: PersonFacts, declared: Relation, at: Date): boolean {
  const minor = ageOn(member.birthDate, at) < ADULT_AGE;
  return !(minor && (declared === 'CHILD' || declared === 'GRANDCHILD'));
}

/**
 * P-FAM-11: the registry confirms that the person named (ID number and name) is the
 * organizer's relative of the declared relation. Until it does, nothing about them is told.
 */
export function confirmedRelative(input: Pick<BindingInput, 'member' | 'declared' | 'registryRelation'>): boolean {
  return input.member !== null && input.registryRelation === input.declared;
}

/**
 * P-FAM-1..8 and P-FAM-11: may `organizer` bind `member` as `declared`? Lists every failing
 * reason that may be told: the organizer's own (P-FAM-1) and those of the request (P-FAM-3,
 * P-FAM-8) always; member checks only for an organizer who passes P-FAM-1; and for a person the
 * registry has not confirmed as that relative only RELATION_UNVERIFIED, whatever else is wrong,
 * so that binding is no oracle of who exists, under which name, or how they are insured.
 */
export function checkBinding(input: BindingInput): BindingDecision {
  const { at, policy, organizer, member, declared } = input;
  const organizerReasons = checkOrganizer(organizer);
  const reasons = [...organizerReasons];
  if (!ALLOWED_RELATIONS[policy.relations].includes(declared)) reasons.push(reason('RELATION_NOT_ALLOWED'));
  if (input.existingMemberIds.length >= policy.maxMembers) reasons.push(reason('MEMBER_LIMIT_REACHED'));
  if (organizerReasons.length > 0) return { ok: false, reasons, status: null };
  if (member?.personId === organizer.personId) return { ok: false, reasons: [...reasons, reason('SELF_BINDING')], status: null };
  if (!member || !confirmedRelative(input)) {
    return { ok: false, reasons: [...reasons, reason('RELATION_UNVERIFIED', undefined, 'P-FAM-11')], status: null };
  }
  if (input.existingMemberIds.includes(member.personId)) reasons.push(reason('DUPLICATE_MEMBER'));
  if (member.insurance.scheme === 'EMPLOYEE' && member.insurance.status !== 'ACTIVE') reasons.push(reason('MEMBER_NOT_ACTIVE'));
  if (!isPlausible(declared, organizer, member, at)) reasons.push(reason('RELATION_IMPLAUSIBLE'));
  if (!withinScope(organizer.insurance.region, member.insurance.region, policy.scope)) reasons.push(reason('REGION_NOT_ALLOWED'));
  if (reasons.length > 0) return { ok: false, reasons, status: null };
  return { ok: true, reasons, status: needsConsent(member, declared, at) ? 'PENDING_CONSENT' : 'ACTIVE' };
}

export interface FamilyModes {
  pay: boolean;
  premium: boolean;
}

/** P-FAM-2 / P-FAM-7: may a bound member draw on the organizer's account for medical bills (PAY)? */
export function mayUsePay(member: PersonFacts, bindingStatus: BindingStatus, modes: FamilyModes): boolean {
  return bindingStatus === 'ACTIVE' && modes.pay && member.insurance.status === 'ACTIVE';
}

/**
 * P-FAM-9: how a member's medical bill is paid under PAY. An EMPLOYEE member spends their own
 * 历年结余 first, then the organizer's 历年结余; a RESIDENT member uses family funds directly.
 * What neither covers is paid by the member in cash.
 */
export function planFamilyDraw(
  billFen: number,
  member: PersonFacts,
  organizerHistoricalFen: number,
): { ownHistoricalFen: number; familyFen: number; cashFen: number } {
  const ownAvailable = member.insurance.scheme === 'EMPLOYEE' ? (member.insurance.account?.historicalFen ?? 0) : 0;
  const ownHistoricalFen = Math.min(billFen, ownAvailable);
  const familyFen = Math.min(billFen - ownHistoricalFen, organizerHistoricalFen);
  return { ownHistoricalFen, familyFen, cashFen: billFen - ownHistoricalFen - familyFen };
}
