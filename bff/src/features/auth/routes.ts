import { loginBody, refreshBody } from '@yibao/shared';
import { RequestHandler, Router } from 'express';
import type { Ctx } from '../../context';
import { citizen } from '../../http/auth';
import { clientAddress } from '../../http/client-address';
import { reply, replyEmpty } from '../../http/respond';
import { body } from '../../http/validate';
import { AuthService } from './service';

export function authRouter(ctx: Ctx, auth: RequestHandler): Router {
  const service = new AuthService(ctx);
  const router = Router();
  router.post('/auth/login', async (req, res) => {
    const { code } = body(loginBody, req);
    reply(res, 'login', await service.login(code, clientAddress(req)));
  });
  router.post('/auth/refresh', async (req, res) => {
    const { refreshToken } = body(refreshBody, req);
    reply(res, 'refresh', await service.refresh(refreshToken, clientAddress(req)));
  });
  // the caller's refresh-token family and every access token of it, at once (204)
  router.post('/auth/logout', auth, async (_req, res) => {
    await service.logout(citizen(res).familyId);
    replyEmpty(res, 'logout');
  });
  return router;
}
