import { mayShowCode, qrcodeBody, toShanghaiIso } from '@yibao/shared';
import { RequestHandler, Router } from 'express';
import type { Ctx } from '../../context';
import { requireVerified, verifiedPerson } from '../../http/auth';
import { forbidden } from '../../http/errors';
import { reply } from '../../http/respond';
import { body } from '../../http/validate';
import { FamilyStore } from '../family/store';

/**
 * POST /qrcodes (P-QR-1, P-QR-3, P-FAM-10): a short-lived signed token naming the person the code
 * is for — the caller, or an ACTIVE member the caller organises; never the organizer.
 */
export function qrcodeRouter(ctx: Ctx, auth: RequestHandler): Router {
  const family = new FamilyStore(ctx.db);
  const router = Router();
  router.post('/qrcodes', auth, requireVerified, async (req, res) => {
    const { personId } = body(qrcodeBody, req);
    const caller = verifiedPerson(res);
    const binding = personId === caller ? null : await family.liveBinding(caller, personId);
    const status = binding ? (binding.status as 'ACTIVE' | 'PENDING_CONSENT') : null;
    if (!mayShowCode(caller, personId, status)) throw forbidden();
    if (!(await ctx.people.get(personId))) throw forbidden();
    const qr = ctx.tokens.signQr(personId, ctx.config.qrTtlSeconds);
    reply(res, 'qrCode', { token: qr.token, expiresAt: toShanghaiIso(qr.expiresAt) });
  });
  return router;
}
