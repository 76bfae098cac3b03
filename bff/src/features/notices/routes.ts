import { activeMaintenance, currentAndUpcoming, toShanghaiIso } from '@yibao/shared';
import { Router } from 'express';
import type { Ctx } from '../../context';
import { reply } from '../../http/respond';

/** A world file's instant as the API writes instants (+08:00). */
const iso = (text: string) => toShanghaiIso(new Date(text));

/** GET /notices (P-OPS-1): current and upcoming maintenance windows; public (shown before sign-in too). */
export function noticesRouter(ctx: Ctx): Router {
  const router = Router();
  router.get('/notices', (_req, res) => {
    const windows = ctx.upstream.catalog().maintenance;
    const now = ctx.clock.now();
    reply(res, 'notices', {
      maintenance: currentAndUpcoming(windows, now).map((w) => ({ startsAt: iso(w.startsAt), endsAt: iso(w.endsAt), message: w.message })),
      suspended: activeMaintenance(windows, now).length > 0,
    });
  });
  return router;
}
