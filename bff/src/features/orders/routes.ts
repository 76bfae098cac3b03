import { idempotencyKey, orderBody } from '@yibao/shared';
import { Request, RequestHandler, Router } from 'express';
import type { Ctx } from '../../context';
import { citizen, requireVerified, verifiedPerson } from '../../http/auth';
import { AppError, notFound } from '../../http/errors';
import { reply } from '../../http/respond';
import { body, parse, pathId } from '../../http/validate';
import { OrdersService } from './service';

export function ordersRouter(ctx: Ctx, auth: RequestHandler): Router {
  const service = new OrdersService(ctx);
  const router = Router();

  /** Money-moving: suspended during maintenance (P-OPS-1). */
  router.post('/orders', auth, ctx.suspendable, requireVerified, async (req, res) => {
    const key = keyOf(req);
    const input = body(orderBody, req);
    reply(res, 'placeOrder', await service.place(citizen(res).userId, verifiedPerson(res), key, input));
  });

  router.get('/orders', auth, async (_req, res) => {
    reply(res, 'orders', await service.store.list(citizen(res).userId, ctx.clock.now()));
  });

  router.get('/orders/:orderId', auth, async (req, res) => {
    const orderId = pathId(req, 'orderId');
    const order = orderId ? await service.store.get(citizen(res).userId, orderId, ctx.clock.now()) : null;
    if (!order) throw notFound();
    reply(res, 'order', order);
  });

  /** #14 finding 4: the cashier of a self-pay order (money-moving: suspended during maintenance). */
  router.post('/orders/:orderId/payment', auth, ctx.suspendable, requireVerified, async (req, res) => {
    const orderId = pathId(req, 'orderId');
    if (!orderId) throw notFound();
    reply(res, 'startPayment', await service.startPayment(citizen(res).userId, orderId));
  });

  router.post('/orders/:orderId/payment/confirm', auth, ctx.suspendable, requireVerified, async (req, res) => {
    const key = keyOf(req);
    const orderId = pathId(req, 'orderId');
    if (!orderId) throw notFound();
    reply(res, 'confirmPayment', await service.confirmPayment(citizen(res).userId, verifiedPerson(res), orderId, key));
  });

  /** Cancelling moves no money: it works during maintenance too. */
  router.post('/orders/:orderId/cancel', auth, requireVerified, async (req, res) => {
    const orderId = pathId(req, 'orderId');
    if (!orderId) throw notFound();
    reply(res, 'cancelOrder', await service.cancel(citizen(res).userId, orderId));
  });
  return router;
}

/** The Idempotency-Key header: 400 IDEMPOTENCY_KEY_REQUIRED when absent, VALIDATION_FAILED when malformed. */
function keyOf(req: Request): string {
  const raw = req.get('Idempotency-Key');
  if (raw === undefined || raw.trim() === '') throw new AppError(400, 'IDEMPOTENCY_KEY_REQUIRED');
  let key: string;
  try {
    key = parse(idempotencyKey, raw);
  } catch (err) {
    if (err instanceof AppError) {
      throw new AppError(400, 'VALIDATION_FAILED', {
        reasons: [{ code: 'FIELD_INVALID', field: 'Idempotency-Key', message: '防重复提交标识格式不正确（8至64位字母、数字、下划线或连字符）' }],
      });
    }
    throw err;
  }
  return key;
}
