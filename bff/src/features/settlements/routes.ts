import { ledgerQuery, settlementBody, settlementPreviewBody, settlementsSinceQuery } from '@yibao/shared';
import { RequestHandler, Router } from 'express';
import type { Ctx } from '../../context';
import { hospital, hospitalAuth, requireVerified, verifiedPerson } from '../../http/auth';
import { notFound } from '../../http/errors';
import { reply } from '../../http/respond';
import { body, parse, pathId } from '../../http/validate';
import { SettlementsService } from './service';

/**
 * Counter settlement (P-SET, API.md "Counter settlement") with a hospital token, and what
 * citizens see of it (P-SET-7) with a verified citizen token. Settling and refunding move money:
 * suspended during maintenance (P-SET-8, P-OPS-1); a preview and the lists are reads.
 */
export function settlementsRouter(ctx: Ctx, citizenAuth: RequestHandler): Router {
  const service = new SettlementsService(ctx);
  const router = Router();
  const terminal = hospitalAuth(ctx.tokens, (id) => ctx.upstream.catalog().hospitals.some((h) => h.hospitalId === id));

  router.post('/hospital/settlements/preview', terminal, async (req, res) => {
    const input = body(settlementPreviewBody, req);
    reply(res, 'previewSettlement', await service.preview(hospital(res).hospitalId, input));
  });
  router.post('/hospital/settlements', terminal, ctx.suspendable, async (req, res) => {
    const input = body(settlementBody, req);
    reply(res, 'settle', await service.settle(hospital(res).hospitalId, input));
  });
  router.post('/hospital/settlements/:settlementId/refund', terminal, ctx.suspendable, async (req, res) => {
    const settlementId = pathId(req, 'settlementId');
    if (!settlementId) throw notFound();
    reply(res, 'refund', await service.refund(hospital(res).hospitalId, settlementId));
  });
  router.get('/hospital/settlements', terminal, async (req, res) => {
    const { since } = parse(settlementsSinceQuery, req.query);
    reply(res, 'hospitalSettlements', await service.ofHospital(hospital(res).hospitalId, since));
  });

  router.get('/account/ledger', citizenAuth, requireVerified, async (req, res) => {
    const { limit, before } = parse(ledgerQuery, req.query);
    reply(res, 'ledger', await service.ledger(verifiedPerson(res), limit, before));
  });
  router.get('/settlements', citizenAuth, requireVerified, async (_req, res) => {
    reply(res, 'settlements', await service.ofCitizen(verifiedPerson(res)));
  });
  return router;
}
