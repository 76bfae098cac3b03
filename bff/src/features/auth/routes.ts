import { loginBody, refreshBody } from '@yibao/shared';
import { Router } from 'express';
import type { Ctx } from '../../context';
import { reply } from '../../http/respond';
import { body } from '../../http/validate';
import { AuthService } from './service';

export function authRouter(ctx: Ctx): Router {
  const service = new AuthService(ctx);
  const router = Router();
  router.post('/auth/login', async (req, res) => {
    const { code } = body(loginBody, req);
    reply(res, 'login', await service.login(code, req.ip ?? 'unknown'));
  });
  router.post('/auth/refresh', async (req, res) => {
    const { refreshToken } = body(refreshBody, req);
    reply(res, 'refresh', await service.refresh(refreshToken, req.ip ?? 'unknown'));
  });
  return router;
}
