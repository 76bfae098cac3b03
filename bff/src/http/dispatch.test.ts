import express, { Router } from 'express';
import request from 'supertest';
import { byFirstSegment } from './dispatch';

// Contract: every endpoint of API.md stays reachable exactly as before (paths are matched as
// Express matches them), while a request only visits the routers of its first segment (issue #7).

function app(routers: Router[]) {
  const a = express();
  a.use('/v1', byFirstSegment(routers));
  a.use((_req, res) => res.status(404).json({ where: 'not found' }));
  a.use((err: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => res.status(500).json({ error: err.message }));
  return a;
}

it('sends a request to the router of its first segment only, case-insensitively like Express', async () => {
  const visited: string[] = [];
  const family = Router();
  family.get('/family/members', (_req, res) => res.json({ from: 'family' }));
  family.post('/family/invitations/:id/accept', (req, res) => res.json({ accepted: req.params.id }));
  const orders = Router();
  orders.get('/orders/:orderId', (req, res) => res.json({ order: req.params.orderId }));
  for (const [name, r] of [['family', family], ['orders', orders]] as const) {
    r.stack.forEach((layer) => {
      const handle = layer.handle;
      layer.handle = (req, res, next) => {
        visited.push(name);
        return handle(req, res, next);
      };
    });
  }
  const a = app([family, orders]);
  expect((await request(a).get('/v1/family/members')).body).toEqual({ from: 'family' });
  expect((await request(a).get('/v1/FAMILY/members')).body).toEqual({ from: 'family' });
  expect((await request(a).post('/v1/family/invitations/m_1/accept')).body).toEqual({ accepted: 'm_1' });
  expect((await request(a).get('/v1/orders/o_9')).body).toEqual({ order: 'o_9' });
  expect(visited.filter((v) => v === 'orders')).toHaveLength(1);
  // unknown first segment, unknown path under a known one, wrong method: on to the 404
  expect((await request(a).get('/v1/nothing')).status).toBe(404);
  expect((await request(a).get('/v1/family/unknown')).status).toBe(404);
  expect((await request(a).delete('/v1/orders/o_9')).status).toBe(404);
  expect((await request(a).get('/v1/')).status).toBe(404);
});

it('tries every router with routes under the segment, in order, and passes errors on', async () => {
  const first = Router();
  first.get('/me', (_req, _res, next) => next());
  const second = Router();
  second.get('/me', () => {
    throw new Error('boom');
  });
  const a = app([first, second]);
  const res = await request(a).get('/v1/me');
  expect(res.status).toBe(500);
  expect(res.body).toEqual({ error: 'boom' });
});

it('refuses at start a feature router with middleware or a route without a literal first segment', () => {
  const withUse = Router();
  withUse.use((_req, _res, next) => next());
  expect(() => byFirstSegment([withUse])).toThrow(/only routes/);
  const withParam = Router();
  withParam.get('/:anything', (_req, res) => res.end());
  expect(() => byFirstSegment([withParam])).toThrow(/only routes/);
});
