import { addMemberBody, familyModesBody } from '@yibao/shared';
import { RequestHandler, Router } from 'express';
import type { Ctx } from '../../context';
import { requireVerified, verifiedPerson } from '../../http/auth';
import { notFound } from '../../http/errors';
import { reply, replyEmpty } from '../../http/respond';
import { body, pathId } from '../../http/validate';
import { FamilyService } from './service';

/** P-FAM. All need a verified identity; binding operations are suspended during maintenance (P-OPS-1). */
export function familyRouter(ctx: Ctx, auth: RequestHandler): Router {
  const service = new FamilyService(ctx);
  const router = Router();
  const citizen: RequestHandler[] = [auth, requireVerified];
  const binding: RequestHandler[] = [auth, ctx.suspendable, requireVerified];

  router.post('/family/members', ...binding, async (req, res) => {
    const input = body(addMemberBody, req);
    reply(res, 'addMember', await service.addMember(verifiedPerson(res), input));
  });
  router.get('/family/members', ...citizen, async (_req, res) => {
    reply(res, 'familyNetwork', await service.list(verifiedPerson(res)));
  });
  router.get('/family/memberships', ...citizen, async (_req, res) => {
    reply(res, 'memberships', await service.memberships(verifiedPerson(res)));
  });
  router.put('/family/modes', ...binding, async (req, res) => {
    const modes = body(familyModesBody, req);
    reply(res, 'setFamilyModes', await service.setModes(verifiedPerson(res), modes));
  });
  router.get('/family/invitations', ...citizen, async (_req, res) => {
    reply(res, 'invitations', await service.invitations(verifiedPerson(res)));
  });
  for (const [action, accept] of [['accept', true], ['decline', false]] as const) {
    router.post(`/family/invitations/:memberId/${action}`, ...binding, async (req, res) => {
      const memberId = pathId(req, 'memberId');
      if (!memberId) throw notFound();
      reply(res, accept ? 'acceptInvitation' : 'declineInvitation', await service.answer(verifiedPerson(res), memberId, accept));
    });
  }
  router.delete('/family/members/:memberId', ...binding, async (req, res) => {
    const memberId = pathId(req, 'memberId');
    if (!memberId) throw notFound();
    await service.remove(verifiedPerson(res), memberId);
    replyEmpty(res, 'removeMember');
  });
  return router;
}
