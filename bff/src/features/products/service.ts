import { balanceShortfall, evaluateOrder, InsuredCandidate, largestPayableGroup, OrderDecision, OrderInput, PayMethod, Product, ResponseOf, toShanghaiIso } from '@yibao/shared';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Ctx } from '../../context';
import { bindings, enrolments, familyModes } from '../../db/schema';
import { notFound, publicReasons, realNameRequired } from '../../http/errors';
import type { Person } from '../../people/people';
import { LIVE } from '../family/store';

/** What evaluate needs of a binding. */
interface LiveBinding {
  memberPersonId: string;
  relation: string;
  status: string;
}

export interface Evaluation {
  product: Product;
  payer: Person;
  /** Every resolvable insured person (payer and bound members), by personId. */
  persons: Map<string, Person>;
  input: OrderInput;
  decision: OrderDecision;
}

/** GET /products and POST /eligibility; `evaluate` is also the first half of an order. */
export class ProductsService {
  /**
   * The payer's family facts for a decision in one round trip (was three queries): modes, live
   * bindings (oldest first, as FamilyStore.liveOf) and who of the insured is already enrolled in
   * the product. Built once, a named prepared statement on PostgreSQL.
   */
  private readonly facts;

  constructor(private readonly ctx: Ctx) {
    const payer = sql.placeholder('payer');
    this.facts = ctx.db
      .select({
        modes: sql<{ pay: boolean; premium: boolean } | null>`(select json_build_object('pay', ${familyModes.pay}, 'premium', ${familyModes.premium})
          from ${familyModes} where ${familyModes.organizerPersonId} = ${payer})`,
        live: sql<LiveBinding[]>`(select coalesce(json_agg(json_build_object('memberPersonId', ${bindings.memberPersonId}, 'relation', ${bindings.relation}, 'status', ${bindings.status})
          order by ${bindings.createdAt}, ${bindings.memberId}), '[]'::json)
          from ${bindings} where ${and(eq(bindings.organizerPersonId, payer), inArray(bindings.status, LIVE))})`,
        enrolled: sql<string[]>`(select coalesce(json_agg(${enrolments.personId}), '[]'::json)
          from ${enrolments} where ${eq(enrolments.productId, sql.placeholder('productId'))} and ${enrolments.personId} = any(${sql.placeholder('insured')}))`,
      })
      .from(sql`(select 1) as one`)
      .prepare('decision_facts');
  }

  list(): ResponseOf<'products'> {
    return this.ctx.upstream.catalog().products.map((p) => ({
      productId: p.productId,
      kind: p.kind,
      name: p.name,
      year: p.year,
      opensAt: toShanghaiIso(new Date(p.opensAt)),
      closesAt: toShanghaiIso(new Date(p.closesAt)),
      ...(p.description ? { description: p.description } : {}),
      ...(p.coverage && p.coverage.length > 0 ? { coverage: p.coverage } : {}),
    }));
  }

  product(productId: string): Product {
    const product = this.ctx.upstream.catalog().products.find((p) => p.productId === productId);
    if (!product) throw notFound();
    return product;
  }

  /** Gathers the facts (payer, bindings, modes, enrolments) and asks shared's evaluateOrder (P-PAY-1..9). */
  async evaluate(payerPersonId: string, productId: string, insured: readonly string[], payMethod: PayMethod): Promise<Evaluation> {
    const { ctx } = this;
    const product = this.product(productId);
    // one batched lookup of everyone named (was one per person); strangers are never used below
    const [people, [facts]] = await Promise.all([
      ctx.people.getMany([payerPersonId, ...insured]),
      this.facts.execute({ payer: payerPersonId, productId, insured: [...insured] }),
    ]);
    const payer = people.get(payerPersonId);
    if (!payer) throw realNameRequired();
    const modes = facts.modes ?? { pay: false, premium: false };
    const live = facts.live;
    const enrolledIds = new Set(facts.enrolled);
    const persons = new Map<string, Person>([[payerPersonId, payer]]);
    const candidates: InsuredCandidate[] = [];
    for (const personId of insured) {
      const alreadyEnrolled = enrolledIds.has(personId);
      if (personId === payerPersonId) {
        candidates.push({ personId, person: payer.facts, relation: 'SELF', bindingStatus: null, alreadyEnrolled });
        continue;
      }
      const binding = live.find((b) => b.memberPersonId === personId);
      const person = binding ? (people.get(personId) ?? null) : null;
      if (person) persons.set(personId, person);
      candidates.push(
        binding && person
          ? { personId, person: person.facts, relation: binding.relation as InsuredCandidate['relation'], bindingStatus: binding.status as InsuredCandidate['bindingStatus'], alreadyEnrolled }
          : { personId, person: null, relation: null, bindingStatus: null, alreadyEnrolled },
      );
    }
    const input: OrderInput = { at: ctx.clock.now(), product, payer: payer.facts, payMethod, modes, insured: candidates };
    return { product, payer, persons, input, decision: evaluateOrder(input) };
  }
}

/** The eligibility answer of API.md (no debit plan, contract reasons). */
export function eligibilityView(d: OrderDecision, product?: Product, selfId?: string): ResponseOf<'eligibility'> {
  const view: ResponseOf<'eligibility'> = {
    eligible: d.eligible,
    totalFen: d.totalFen,
    balance: { historicalFen: d.balance.historicalFen, currentFen: d.balance.currentFen },
    payer: { reasons: publicReasons(d.payer.reasons) },
    insured: d.insured.map((i) => ({
      personId: i.personId,
      eligible: i.eligible,
      amountFen: i.amountFen,
      category: i.category,
      coverFrom: i.coverFrom,
      waitingMonths: i.waitingMonths,
      reasons: publicReasons(i.reasons),
    })),
  };
  if (d.debit) view.debit = { historicalFen: d.debit.historicalFen, currentFen: d.debit.currentFen };
  // #14 finding 8: a short balance says by how much, and which group the account could pay
  if (product && d.payer.reasons.some((r) => r.code === 'INSUFFICIENT_BALANCE')) {
    const amounts = d.insured.map((i) => ({ personId: i.personId, amountFen: i.amountFen, self: i.personId === selfId }));
    const selfFen = amounts.filter((a) => a.self).reduce((n, a) => n + a.amountFen, 0);
    view.shortFen = balanceShortfall(d.balance, selfFen, d.totalFen - selfFen, product.sharedBalance);
    const group = largestPayableGroup(d.balance, amounts.filter((a) => d.insured.find((i) => i.personId === a.personId)?.eligible), product.sharedBalance);
    if (group) view.payable = { insured: group.personIds, totalFen: group.totalFen };
  }
  return view;
}

/** Every failing reason of a decision, payer's first (for 422 NOT_ELIGIBLE). */
export function allReasons(d: OrderDecision) {
  return [...d.payer.reasons, ...d.insured.flatMap((i) => i.reasons)];
}
