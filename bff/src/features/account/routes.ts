import { RequestHandler, Router } from 'express';
import type { Ctx } from '../../context';
import { citizen } from '../../http/auth';
import { reply, replyEmpty } from '../../http/respond';
import { AccountService } from './service';

/** Your data (API.md; PIPL arts. 45 and 47): the export and closing the account. */
export function accountRouter(ctx: Ctx, auth: RequestHandler): Router {
  const service = new AccountService(ctx);
  const router = Router();
  router.get('/me/export', auth, async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    reply(res, 'exportMe', await service.export(citizen(res).userId));
  });
  router.delete('/me', auth, async (_req, res) => {
    await service.close(citizen(res).userId);
    replyEmpty(res, 'closeAccount');
  });
  return router;
}
