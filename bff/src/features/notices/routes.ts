import { activeMaintenance, currentAndUpcoming } from '@yibao/shared';
import { Router } from 'express';
import type { Ctx } from '../../context';

/** GET /notices (P-OPS-1): current and upcoming maintenance windows; public (shown before sign-in too). */
export function noticesRouter(ctx: Ctx): Router {
  const router = Router();
  router.get('/notices', (_req, res) => {
    const windows = ctx.upstream.catalog().maintenance;
    const now = ctx.clock.now();
    res.json({
      maintenance: currentAndUpcoming(windows, now).map((w) => ({ startsAt: w.startsAt, endsAt: w.endsAt, message: w.message })),
      suspended: activeMaintenance(windows, now).length > 0,
    });
  });
  return router;
}
