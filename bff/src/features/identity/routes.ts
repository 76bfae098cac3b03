import { phoneCodeBody, verifyIdentityBody } from '@yibao/shared';
import { RequestHandler, Router } from 'express';
import type { Ctx } from '../../context';
import { citizen } from '../../http/auth';
import { reply } from '../../http/respond';
import { body } from '../../http/validate';
import { PhoneProofs } from './phone';
import { IdentityService } from './service';

export function identityRouter(ctx: Ctx, auth: RequestHandler): Router {
  const service = new IdentityService(ctx);
  const phones = new PhoneProofs(ctx);
  const router = Router();
  router.post('/identity/phone', auth, async (req, res) => {
    const { code } = body(phoneCodeBody, req);
    reply(res, 'phone', await phones.issue(citizen(res).userId, code));
  });
  router.post('/identity/verify', auth, async (req, res) => {
    const { name, idNumber, phone, phoneProof } = body(verifyIdentityBody, req);
    const { userId } = citizen(res);
    // API.md WeChat, Phone: a proof stands for the phone (used up here, whatever the outcome)
    if (phoneProof !== undefined) {
      const proven = await phones.redeem(userId, phoneProof);
      reply(res, 'verifyIdentity', await service.verify(userId, { name, idNumber, phone: proven }, { viaPhoneProof: true }));
      return;
    }
    reply(res, 'verifyIdentity', await service.verify(userId, { name, idNumber, phone: phone! }));
  });
  router.get('/me', auth, async (_req, res) => {
    const { userId, personId } = citizen(res);
    reply(res, 'me', await service.me(userId, personId));
  });
  return router;
}
