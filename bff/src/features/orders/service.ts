import {
  cancelDecision,
  evaluateOrder,
  maskName,
  Order,
  OrderBody,
  OrderStatus,
  PaymentSession,
  paymentDecision,
  reason,
  Reason,
  selfPayExpiresAt,
  toShanghaiIso,
} from '@yibao/shared';
import type { Ctx } from '../../context';
import { sha256 } from '../../crypto/pii';
import { newId } from '../../ids';
import { AppError, notEligible, notFound } from '../../http/errors';
import { allReasons, ProductsService } from '../products/service';
import { appendLedger } from '../settlements/store';
import { familyPaymentMessage } from '../../wechat/messages';
import { enqueueMessage } from '../../wechat/outbox';
import { orderView, OrderRow, OrdersStore } from './store';

/** A stable digest of the validated body: same key + same body replays, another body is 409. */
export function bodyHash(body: OrderBody): string {
  const canonical = JSON.stringify({ productId: body.productId, insured: body.insured, payMethod: body.payMethod });
  return sha256(canonical);
}

class Refused extends Error {
  constructor(readonly reasons: Reason[]) {
    super('refused');
  }
}

/**
 * POST /orders (P-PAY-5, P-PAY-8): the key is claimed, the account row locked, the debit plan
 * from shared re-computed on the locked balance and applied, enrolments and the order written,
 * and the answer stored with the key — all in one transaction, all or nothing.
 */
export class OrdersService {
  readonly store: OrdersStore;
  private readonly products: ProductsService;

  constructor(private readonly ctx: Ctx) {
    this.store = new OrdersStore(ctx.db);
    this.products = new ProductsService(ctx);
  }

  async place(userId: string, payerPersonId: string, key: string, body: OrderBody): Promise<Order> {
    const { ctx } = this;
    const hash = bodyHash(body);
    const replay = await this.replay(userId, key, hash);
    if (replay) return replay;

    const evaluation = await this.products.evaluate(payerPersonId, body.productId, body.insured, body.payMethod);
    if (!evaluation.decision.eligible) {
      // a concurrent twin may have just committed (and enrolled these people): answer as it did
      const twin = await this.replay(userId, key, hash);
      if (twin) return twin;
      throw notEligible(allReasons(evaluation.decision));
    }

    const orderId = newId('o_');
    const at = ctx.clock.now();
    const { product, payer, persons, input } = evaluation;
    let outcome: Order | null;
    let queued = false;
    try {
      outcome = await ctx.db.transaction(async (tx) => {
        if (!(await this.store.claim(tx, userId, key, hash, at))) return null;
        let decision = evaluation.decision;
        if (body.payMethod === 'PERSONAL_ACCOUNT') {
          const balance = await ctx.upstream.lockAccount(tx, payer.citizen.idNumber);
          decision = evaluateOrder({ ...input, payer: { ...payer.facts, insurance: { ...payer.facts.insurance, account: balance } } });
          if (!decision.eligible || !decision.debit) throw new Refused(allReasons(decision));
          await ctx.upstream.debitAccount(tx, payer.citizen.idNumber, decision.debit, orderId);
          // P-SET-7: one ledger line per bucket moved, in the same transaction
          const { historicalFen, currentFen } = decision.debit;
          await appendLedger(tx, at, [
            ...(currentFen > 0 ? [{ personId: payerPersonId, kind: 'PREMIUM' as const, bucket: 'CURRENT' as const, amountFen: -currentFen, orderId }] : []),
            ...(historicalFen > 0 ? [{ personId: payerPersonId, kind: 'PREMIUM' as const, bucket: 'HISTORICAL' as const, amountFen: -historicalFen, orderId }] : []),
          ]);
        }
        const paid = body.payMethod === 'PERSONAL_ACCOUNT';
        const order = {
          orderId,
          userId,
          payerPersonId,
          productId: product.productId,
          payMethod: body.payMethod,
          status: paid ? 'PAID' : 'AWAITING_PAYMENT',
          totalFen: decision.totalFen,
          debitHistoricalFen: paid ? decision.debit!.historicalFen : null,
          debitCurrentFen: paid ? decision.debit!.currentFen : null,
          createdAt: at,
          paidAt: null,
          paymentRef: null,
          cancelledAt: null,
        };
        const items = decision.insured.map((i, position) => ({
          orderId,
          position,
          personId: i.personId,
          amountFen: i.amountFen,
          category: i.category ?? '',
          coverFrom: i.coverFrom ?? '',
          waitingMonths: i.waitingMonths ?? 0,
        }));
        const view = orderView(order, items, at);
        // P-PAY-7: at most once per product, even against a concurrent order under another key.
        // Enrolments, order, items and the stored answer go in one statement; a short claim
        // throws, and the transaction takes all of it back.
        const claimed = await this.store.write(tx, {
          enrol: paid ? items.map((i) => i.personId) : [],
          order,
          items,
          key: { userId, key, status: 201, body: view },
        });
        if (paid && claimed.length !== items.length) {
          const got = new Set(claimed);
          throw new Refused(items.filter((i) => !got.has(i.personId)).map((i) => reason('ALREADY_ENROLLED', i.personId)));
        }
        // #14 finding 4: a self-pay order still waiting for these people can no longer be paid
        if (paid) await this.store.supersede(tx, product.productId, items.map((i) => i.personId), orderId, at);
        if (paid && product.kind === 'RESIDENT_PREMIUM') {
          for (const i of items) await ctx.upstream.enrolResident(tx, persons.get(i.personId)!.citizen.idNumber, product.productId, product.year, orderId);
        }
        // API.md WeChat, Messages: the organizer's account paid members' premiums (queued with the payment)
        const members = items.filter((i) => i.personId !== payerPersonId);
        if (paid && members.length > 0) {
          const names = members.map((i) => maskName(persons.get(i.personId)?.citizen.name ?? ''));
          const message = familyPaymentMessage('共济缴费', names, members.reduce((sum, i) => sum + i.amountFen, 0), at);
          queued = await enqueueMessage(tx, ctx, { eventKey: `FAMILY_PAYMENT:order:${orderId}`, kind: 'FAMILY_PAYMENT', to: { userId }, ...message });
        }
        return view;
      });
    } catch (err) {
      if (err instanceof Refused) throw notEligible(err.reasons);
      throw err;
    }
    if (outcome) {
      if (queued) ctx.outbox.nudge();
      ctx.logger.info({ orderId, status: outcome.status, totalFen: outcome.totalFen }, 'order placed');
      return outcome;
    }
    const twin = await this.replay(userId, key, hash);
    if (twin) return twin;
    throw new AppError(409, 'IDEMPOTENCY_KEY_REUSED');
  }

  /**
   * POST /orders/{orderId}/payment (#14 finding 4): how to pay a self-pay order still waiting.
   * The sandbox answers with its simulated cashier; WeChat Pay needs a merchant (mch id, API v3
   * key, certificate) this BFF does not have: 501 PAYMENT_UNAVAILABLE.
   */
  async startPayment(userId: string, orderId: string): Promise<PaymentSession> {
    const at = this.ctx.clock.now();
    const row = await this.row(userId, orderId);
    const decision = paymentDecision(statusOf(row), at);
    if (decision.kind === 'already') throw new AppError(409, 'ORDER_ALREADY_PAID');
    if (decision.kind === 'refused') throw refusal(decision.code);
    const { config } = this.ctx;
    if (config.production && !config.sandboxInProduction) throw new AppError(501, 'PAYMENT_UNAVAILABLE');
    return {
      provider: 'SANDBOX',
      orderId,
      amountFen: row.totalFen,
      expiresAt: toShanghaiIso(selfPayExpiresAt(row.createdAt)),
      merchant: this.products.product(row.productId).name,
    };
  }

  /**
   * POST /orders/{orderId}/payment/confirm (#14 finding 4): the cashier's confirmation. Under
   * the order's row lock: the key is claimed, the decision taken again, the people enrolled
   * (P-PAY-7: all or nothing), the order PAID with the payment's reference, other self-pay
   * orders for the same people cancelled, and the answer stored with the key. A retry (same key,
   * or another confirm of a PAID order) answers the PAID order again and records nothing more
   * (P-PAY-8). Self-pay money never touches the personal account: no debit, no ledger line.
   */
  async confirmPayment(userId: string, payerPersonId: string, orderId: string, key: string): Promise<Order> {
    const { ctx } = this;
    const hash = sha256(JSON.stringify({ confirm: orderId }));
    const replay = await this.replay(userId, key, hash);
    if (replay) return replay;
    const row = await this.row(userId, orderId);
    const first = paymentDecision(statusOf(row), ctx.clock.now());
    if (first.kind === 'refused') throw refusal(first.code);
    // P-PAY-2..7 again at payment time (a binding may have ended, someone may be covered by now)
    const people = (await this.store.items(orderId)).map((i) => i.personId);
    const evaluation = await this.products.evaluate(payerPersonId, row.productId, people, 'SELF_PAY');
    if (first.kind === 'ok' && !evaluation.decision.eligible) {
      const now = await this.store.get(userId, orderId, ctx.clock.now());
      if (now?.status === 'PAID') return now;
      throw notEligible(allReasons(evaluation.decision));
    }
    const product = evaluation.product;
    let outcome: Order | null;
    try {
      outcome = await ctx.db.transaction(async (tx) => {
        const at = ctx.clock.now();
        if (!(await this.store.claim(tx, userId, key, hash, at))) return null;
        const locked = await this.store.lock(tx, userId, orderId);
        if (!locked) throw notFound();
        const decision = paymentDecision(statusOf(locked.order), at);
        if (decision.kind === 'refused') throw refusal(decision.code);
        let order = locked.order;
        if (decision.kind === 'ok') {
          const claimed = await this.store.enrol(tx, order.productId, orderId, people, at);
          if (claimed.length !== people.length) {
            const got = new Set(claimed);
            throw new Refused(people.filter((p) => !got.has(p)).map((p) => reason('ALREADY_ENROLLED', p)));
          }
          order = await this.store.markPaid(tx, orderId, at, newId('sbx_'));
          if (product.kind === 'RESIDENT_PREMIUM') {
            for (const p of people) {
              const person = evaluation.persons.get(p);
              if (person) await ctx.upstream.enrolResident(tx, person.citizen.idNumber, product.productId, product.year, orderId);
            }
          }
          await this.store.supersede(tx, order.productId, people, orderId, at);
        }
        const view = orderView(order, locked.items, at);
        await this.store.answer(tx, userId, key, orderId, 200, view);
        return view;
      });
    } catch (err) {
      if (err instanceof Refused) throw notEligible(err.reasons);
      throw err;
    }
    if (outcome) {
      ctx.logger.info({ orderId, status: outcome.status, totalFen: outcome.totalFen }, 'self-pay order confirmed');
      return outcome;
    }
    const twin = await this.replay(userId, key, hash);
    if (twin) return twin;
    throw new AppError(409, 'IDEMPOTENCY_KEY_REUSED');
  }

  /** POST /orders/{orderId}/cancel (#14 finding 4): a waiting order → CANCELLED; again → the same answer; PAID → 409. */
  async cancel(userId: string, orderId: string): Promise<Order> {
    const { ctx } = this;
    return ctx.db.transaction(async (tx) => {
      const at = ctx.clock.now();
      const locked = await this.store.lock(tx, userId, orderId);
      if (!locked) throw notFound();
      const decision = cancelDecision(statusOf(locked.order), at);
      if (decision === 'paid') throw new AppError(409, 'ORDER_ALREADY_PAID');
      const order = decision === 'ok' ? await this.store.markCancelled(tx, orderId, at) : locked.order;
      if (decision === 'ok') ctx.logger.info({ orderId }, 'order cancelled');
      return orderView(order, locked.items, at);
    });
  }

  private async row(userId: string, orderId: string): Promise<OrderRow> {
    const locked = await this.store.row(userId, orderId);
    if (!locked) throw notFound();
    return locked;
  }

  /** The stored answer for this key and body; 409 when the key was used with another body. */
  private async replay(userId: string, key: string, hash: string): Promise<Order | null> {
    const row = await this.store.key(userId, key);
    if (!row) return null;
    if (row.bodyHash !== hash) throw new AppError(409, 'IDEMPOTENCY_KEY_REUSED');
    return (row.responseBody as Order | null) ?? null;
  }
}

const statusOf = (row: OrderRow) => ({ status: row.status as OrderStatus, payMethod: row.payMethod, createdAt: row.createdAt });

function refusal(code: 'ORDER_EXPIRED' | 'ORDER_CANCELLED' | 'ORDER_NOT_SELF_PAY'): AppError {
  return new AppError(code === 'ORDER_NOT_SELF_PAY' ? 409 : 422, code);
}
