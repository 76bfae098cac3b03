import { evaluateOrder, InsuredCandidate, OrderDecision, OrderInput, PayMethod, Product } from '@yibao/shared';
import { and, eq, inArray } from 'drizzle-orm';
import type { Ctx } from '../../context';
import { enrolments } from '../../db/schema';
import { notFound, publicReasons, realNameRequired } from '../../http/errors';
import type { Person } from '../../people/people';
import { FamilyStore } from '../family/store';

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
  private readonly family: FamilyStore;

  constructor(private readonly ctx: Ctx) {
    this.family = new FamilyStore(ctx.db);
  }

  list() {
    return this.ctx.upstream.catalog().products.map((p) => ({
      productId: p.productId,
      kind: p.kind,
      name: p.name,
      year: p.year,
      opensAt: p.opensAt,
      closesAt: p.closesAt,
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
    const payer = await ctx.people.get(payerPersonId);
    if (!payer) throw realNameRequired();
    const [modes, live, enrolled] = await Promise.all([
      this.family.modes(payerPersonId),
      this.family.liveOf(payerPersonId),
      ctx.db
        .select({ personId: enrolments.personId })
        .from(enrolments)
        .where(and(eq(enrolments.productId, productId), inArray(enrolments.personId, [...insured]))),
    ]);
    const enrolledIds = new Set(enrolled.map((e) => e.personId));
    const persons = new Map<string, Person>([[payerPersonId, payer]]);
    const candidates: InsuredCandidate[] = [];
    for (const personId of insured) {
      const alreadyEnrolled = enrolledIds.has(personId);
      if (personId === payerPersonId) {
        candidates.push({ personId, person: payer.facts, relation: 'SELF', bindingStatus: null, alreadyEnrolled });
        continue;
      }
      const binding = live.find((b) => b.memberPersonId === personId);
      const person = binding ? await ctx.people.get(personId) : null;
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
export function eligibilityView(d: OrderDecision) {
  return {
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
}

/** Every failing reason of a decision, payer's first (for 422 NOT_ELIGIBLE). */
export function allReasons(d: OrderDecision) {
  return [...d.payer.reasons, ...d.insured.flatMap((i) => i.reasons)];
}
