import { verifyIdentityBody } from '@yibao/shared';
import { RequestHandler, Router } from 'express';
import type { Ctx } from '../../context';
import { citizen } from '../../http/auth';
import { reply } from '../../http/respond';
import { body } from '../../http/validate';
import { IdentityService } from './service';

export function identityRouter(ctx: Ctx, auth: RequestHandler): Router {
  const service = new IdentityService(ctx);
  const router = Router();
  router.post('/identity/verify', auth, async (req, res) => {
    const claim = body(verifyIdentityBody, req);
    reply(res, 'verifyIdentity', await service.verify(citizen(res).userId, claim));
  });
  router.get('/me', auth, async (_req, res) => {
    const { userId, personId } = citizen(res);
    reply(res, 'me', await service.me(userId, personId));
  });
  return router;
}
