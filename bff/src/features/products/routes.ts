import { eligibilityBody } from '@yibao/shared';
import { RequestHandler, Router } from 'express';
import type { Ctx } from '../../context';
import { requireVerified, verifiedPerson } from '../../http/auth';
import { reply } from '../../http/respond';
import { body } from '../../http/validate';
import { eligibilityView, ProductsService } from './service';

export function productsRouter(ctx: Ctx, auth: RequestHandler): Router {
  const service = new ProductsService(ctx);
  const router = Router();
  router.get('/products', auth, (_req, res) => {
    reply(res, 'products', service.list());
  });
  /** An eligibility check is a read: it keeps working during maintenance. */
  router.post('/eligibility', auth, requireVerified, async (req, res) => {
    const input = body(eligibilityBody, req);
    const { decision, product } = await service.evaluate(verifiedPerson(res), input.productId, input.insured, 'PERSONAL_ACCOUNT');
    reply(res, 'eligibility', eligibilityView(decision, product, verifiedPerson(res)));
  });
  return router;
}
