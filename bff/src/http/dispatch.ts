import type { RequestHandler, Router } from 'express';

/**
 * One handler over the feature routers that passes a request only to those with routes under its
 * first path segment (`/family/…` → the family router). Mounted one after another, every request
 * walked every earlier router's routes first: 11 % of the server's CPU for POST /eligibility in
 * --cpu-prof (issue #7). The table is read off the routers' own routes, so a new route needs
 * nothing here; a feature router must hold routes only, each starting with a literal segment.
 */
export function byFirstSegment(routers: Router[]): RequestHandler {
  const table = new Map<string, Router[]>();
  for (const router of routers) {
    for (const layer of router.stack) {
      const path = layer.route?.path;
      const segment = typeof path === 'string' ? /^\/([A-Za-z0-9_.~-]+)(?:\/|$)/.exec(path)?.[1] : undefined;
      if (!segment) throw new Error(`byFirstSegment: a feature router may hold only routes under a literal first segment (got ${String(path ?? layer.name)})`);
      // Express matches paths case-insensitively by default: so does the table
      const key = segment.toLowerCase();
      const list = table.get(key) ?? [];
      if (!list.includes(router)) list.push(router);
      table.set(key, list);
    }
  }
  return (req, res, next) => {
    const segment = /^\/([^/]*)/.exec(req.path)?.[1]?.toLowerCase() ?? '';
    const candidates = table.get(segment);
    if (!candidates) {
      next();
      return;
    }
    let i = 0;
    const step = (err?: unknown) => {
      if (err != null && err !== 'router') {
        next(err);
        return;
      }
      const router = candidates[i++];
      if (router) router(req, res, step);
      else next();
    };
    step();
  };
}
