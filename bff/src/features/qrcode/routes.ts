import { qrcodeBody, qrStatusQuery } from '@yibao/shared';
import { RequestHandler, Router } from 'express';
import type { Ctx } from '../../context';
import { citizen, requireVerified, verifiedPerson } from '../../http/auth';
import { reply } from '../../http/respond';
import { body, parse } from '../../http/validate';
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
  /** #14 finding 7: the phone asks what became of the code it shows (about once a second). */
  router.get('/qrcodes/current', auth, requireVerified, async (req, res) => {
    const { personId } = parse(qrStatusQuery, req.query);
    reply(res, 'qrStatus', await service.status({ userId: citizen(res).userId, personId: verifiedPerson(res) }, personId));
  });
  return router;
}
