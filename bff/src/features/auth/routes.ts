import { loginBody, refreshBody } from '@yibao/shared';
import { Router } from 'express';
import type { Ctx } from '../../context';
import { clientAddress } from '../../http/client-address';
import { body } from '../../http/validate';
import { AuthService } from './service';

export function authRouter(ctx: Ctx): Router {
  const service = new AuthService(ctx);
  const router = Router();
  router.post('/auth/login', async (req, res) => {
    const { code } = body(loginBody, req);
    res.json(await service.login(code, clientAddress(req)));
  });
  router.post('/auth/refresh', async (req, res) => {
    const { refreshToken } = body(refreshBody, req);
    res.json(await service.refresh(refreshToken, clientAddress(req)));
  });
  return router;
}
