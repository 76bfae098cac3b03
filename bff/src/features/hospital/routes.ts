import { checkInBody, hospitalSessionBody } from '@yibao/shared';
import { Router } from 'express';
import type { Ctx } from '../../context';
import { hospital, hospitalAuth } from '../../http/auth';
import { clientAddress } from '../../http/client-address';
import { reply } from '../../http/respond';
import { body } from '../../http/validate';
import { HospitalService } from './service';

export function hospitalRouter(ctx: Ctx): Router {
  const service = new HospitalService(ctx);
  const router = Router();
  const auth = hospitalAuth(ctx.tokens, (id) => ctx.upstream.catalog().hospitals.some((h) => h.hospitalId === id));
  router.post('/hospital/sessions', async (req, res) => {
    const { hospitalId, secret } = body(hospitalSessionBody, req);
    reply(res, 'hospitalSession', await service.session(hospitalId, secret, clientAddress(req)));
  });
  router.post('/hospital/check-ins', auth, async (req, res) => {
    const input = body(checkInBody, req);
    reply(res, 'checkIn', await service.checkIn(hospital(res).hospitalId, input));
  });
  return router;
}
