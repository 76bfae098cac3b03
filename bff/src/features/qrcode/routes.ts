import { qrcodeBody } from '@yibao/shared';
import { RequestHandler, Router } from 'express';
import type { Ctx } from '../../context';
import { citizen, requireVerified, verifiedPerson } from '../../http/auth';
import { reply } from '../../http/respond';
import { body } from '../../http/validate';
import { QrService } from './service';

/**
 * POST /qrcodes (P-QR-1, P-QR-3, P-FAM-10): a short-lived random token naming the person the
 * code is for — the caller, or an ACTIVE member the caller organises; never the organizer.
 */
export function qrcodeRouter(ctx: Ctx, auth: RequestHandler): Router {
  const service = new QrService(ctx);
  const router = Router();
  router.post('/qrcodes', auth, requireVerified, async (req, res) => {
    const { personId } = body(qrcodeBody, req);
    reply(res, 'qrCode', await service.issue({ userId: citizen(res).userId, personId: verifiedPerson(res) }, personId));
  });
  return router;
}
