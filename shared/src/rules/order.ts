import { RELATION_LABELS } from '../messages';
import { reason } from '../reasons';
import { instantMs } from '../time';
import type { AccountBalance, BindingStatus, InsuredRelation, PayMethod, PersonFacts, Product, Reason } from '../types';
import { DebitPlan, planDebit } from './debit';
import type { FamilyModes } from './family';
import { priceFor } from './pricing';
import { regionIn } from './region';
import { coverFor } from './waiting';

export interface InsuredCandidate {
  personId: string;
  /** null when the person is neither the payer nor one of the payer's members. */
  person: PersonFacts | null;
  /** SELF for the payer, else what the member is to the payer; null when not bound. */
  relation: InsuredRelation | null;
  /** The binding's state; null for SELF or when not bound. */
  bindingStatus: BindingStatus | null;
  /** A paid order already covers this person for the product (P-PAY-7). */
  alreadyEnrolled: boolean;
}

export interface OrderInput {
  at: Date;
  product: Product;
  payer: PersonFacts;
  payMethod: PayMethod;
  modes: FamilyModes;
  insured: readonly InsuredCandidate[];
}

export interface InsuredDecision {
  personId: string;
  eligible: boolean;
  amountFen: number;
  category: string | null;
  coverFrom: string | null;
  waitingMonths: number | null;
  reasons: Reason[];
}

export interface OrderDecision {
  eligible: boolean;
  totalFen: number;
  balance: AccountBalance;
  payer: { reasons: Reason[] };
  insured: InsuredDecision[];
  /** The debit plan when the whole order can be paid from the personal account. */
  debit: DebitPlan | null;
}

/** P-PAY-6: the enrolment window, as order-level (payer) reasons. */
export function windowReasons(product: Product, at: Date): Reason[] {
  const t = at.getTime();
  if (t < instantMs(product.opensAt)) return [reason('ENROLLMENT_NOT_OPEN')];
  if (t > instantMs(product.closesAt)) return [reason('ENROLLMENT_CLOSED')];
  return [];
}

/** P-PAY-1: the payer of a personal-account order. */
export function payerReasons(payer: PersonFacts, product: Product): Reason[] {
  const reasons: Reason[] = [];
  if (payer.insurance.scheme !== 'EMPLOYEE' || !payer.insurance.account) reasons.push(reason('PAYER_NOT_EMPLOYEE'));
  if (payer.insurance.status !== 'ACTIVE') reasons.push(reason('PAYER_NOT_ACTIVE'));
  if (!regionIn(payer.insurance.region, product.regions)) reasons.push(reason('PAYER_REGION_NOT_ELIGIBLE'));
  return reasons;
}

/** P-PAY-2..4, P-PAY-7: one insured person, every failing reason. */
export function insuredReasons(c: InsuredCandidate, input: OrderInput): Reason[] {
  const { product, payMethod, modes } = input;
  const id = c.personId;
  const person = c.person;
  if (!person || c.relation === null) return [reason('NOT_BOUND', id)];
  const reasons: Reason[] = [];
  if (c.relation !== 'SELF') {
    if (c.bindingStatus !== 'ACTIVE') reasons.push(reason('NOT_BOUND', id));
    else if (payMethod === 'PERSONAL_ACCOUNT' && !modes.premium) reasons.push(reason('MODE_NOT_ENABLED', id));
  }
  if (!product.relations.includes(c.relation)) {
    // P-PAY-2: the product's own relation list, narrower than the network's
    reasons.push({ ...reason('RELATION_NOT_ALLOWED', id, 'P-PAY-2'), message: `该产品不能为${RELATION_LABELS[c.relation]}投保` });
  }
  const ins = person.insurance;
  if (product.kind === 'HUIMINBAO') {
    if (ins.status !== 'ACTIVE' || ins.scheme === 'NONE') reasons.push(reason('INSURED_NOT_ACTIVE', id));
    if (!regionIn(ins.region, product.regions)) reasons.push(reason('INSURED_REGION_NOT_ELIGIBLE', id));
    if (c.alreadyEnrolled) reasons.push(reason('ALREADY_ENROLLED', id));
  } else {
    if (ins.scheme === 'EMPLOYEE') reasons.push(reason('ALREADY_EMPLOYEE_INSURED', id));
    if (!regionIn(ins.region, product.regions)) reasons.push(reason('INSURED_REGION_NOT_ELIGIBLE', id));
    if (c.alreadyEnrolled || ins.paidYears.includes(product.year)) reasons.push(reason('ALREADY_ENROLLED', id));
  }
  return reasons;
}

/**
 * P-PAY-1..9: the whole decision for an order (or an eligibility check), with every failing
 * reason for the payer and for each insured person. A personal-account order must be payable
 * in full (P-PAY-5), so the balance check covers everyone asked for.
 */
export function evaluateOrder(input: OrderInput): OrderDecision {
  const { at, product, payer, payMethod } = input;
  const balance: AccountBalance = payer.insurance.account ?? { historicalFen: 0, currentFen: 0 };
  const payerList = windowReasons(product, at);
  if (payMethod === 'PERSONAL_ACCOUNT') payerList.push(...payerReasons(payer, product));

  let selfFen = 0;
  let othersFen = 0;
  const insured = input.insured.map((c): InsuredDecision => {
    const reasons = insuredReasons(c, input);
    if (!c.person || c.relation === null) {
      return { personId: c.personId, eligible: false, amountFen: 0, category: null, coverFrom: null, waitingMonths: null, reasons };
    }
    const price = priceFor(product, c.person, at);
    const cover = coverFor(product, c.person, at);
    if (c.relation === 'SELF') selfFen += price.amountFen;
    else othersFen += price.amountFen;
    return { personId: c.personId, eligible: reasons.length === 0, amountFen: price.amountFen, category: price.category, ...cover, reasons };
  });

  let debit: DebitPlan | null = null;
  if (payMethod === 'PERSONAL_ACCOUNT' && payer.insurance.account) {
    const plan = planDebit(balance, selfFen, othersFen, product.sharedBalance);
    if (plan.ok) debit = plan.debit;
    else payerList.push(reason('INSUFFICIENT_BALANCE'));
  }
  const eligible = payerList.length === 0 && insured.length > 0 && insured.every((d) => d.eligible);
  return {
    eligible,
    totalFen: selfFen + othersFen,
    balance,
    payer: { reasons: payerList },
    insured,
    debit: eligible ? debit : null,
  };
}
