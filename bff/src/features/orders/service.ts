import { evaluateOrder, maskName, Order, OrderBody, reason, Reason } from '@yibao/shared';
import type { Ctx } from '../../context';
import { sha256 } from '../../crypto/pii';
import { newId } from '../../ids';
import { AppError, notEligible } from '../../http/errors';
import { allReasons, ProductsService } from '../products/service';
import { appendLedger } from '../settlements/store';
import { familyPaymentMessage } from '../../wechat/messages';
import { enqueueMessage } from '../../wechat/outbox';
import { orderView, OrdersStore } from './store';

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
        const view = orderView(order, items);
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

  /** The stored answer for this key and body; 409 when the key was used with another body. */
  private async replay(userId: string, key: string, hash: string): Promise<Order | null> {
    const row = await this.store.key(userId, key);
    if (!row) return null;
    if (row.bodyHash !== hash) throw new AppError(409, 'IDEMPOTENCY_KEY_REUSED');
    return (row.responseBody as Order | null) ?? null;
  }
}
