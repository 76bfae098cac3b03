import express from 'express';
import request from 'supertest';
import { createLogger } from '../logger';
import { errorHandler } from './errors';
import { checkResponses, reply } from './respond';

/** A one-route app answering `body` through reply('notices', …), with the check on or off. */
function appAnswering(body: unknown, check: boolean) {
  const lines: string[] = [];
  const app = express();
  checkResponses(app, check);
  app.get('/n', (_req, res) => {
    reply(res, 'notices', body as never);
  });
  app.use(errorHandler(createLogger('info', { write: (s: string) => void lines.push(s) })));
  return { app, lines };
}

describe('Issue 11: every answer is checked against its shared response schema outside production', () => {
  const good = { maintenance: [{ startsAt: '2026-11-24T09:00:00+08:00', endsAt: '2026-11-24T12:00:00+08:00', message: '停机切换' }], suspended: false };

  it('a body that matches goes out with the endpoint’s status', async () => {
    const { app } = appAnswering(good, true);
    const res = await request(app).get('/n');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(good);
  });

  it.each([
    ['an undeclared field (say, a full ID number)', { ...good, idNumber: '320102198003140113' }, '(body)'],
    ['a malformed instant', { ...good, maintenance: [{ ...good.maintenance[0], endsAt: '2026-11-24 12:00' }] }, 'maintenance.0.endsAt'],
    ['a missing field', { maintenance: [] }, 'suspended'],
  ])('%s fails loudly: 500 INTERNAL and an error log naming the route and the field', async (_l, body, field) => {
    const { app, lines } = appAnswering(body, true);
    const res = await request(app).get('/n');
    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe('INTERNAL');
    expect(JSON.stringify(res.body)).not.toContain('320102198003140113');
    const log = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'response breaks the contract');
    expect(log.route).toBe('GET /notices');
    expect(log.problems.join('\n')).toContain(field);
  });

  it('production does not pay for the check', async () => {
    const { app } = appAnswering({ anything: true }, false);
    expect((await request(app).get('/n')).status).toBe(200);
  });

  it('error bodies go through the same check (a body-parser error is a valid VALIDATION_FAILED)', async () => {
    const lines: string[] = [];
    const app = express();
    checkResponses(app, true);
    app.get('/e', () => {
      throw Object.assign(new Error('x'), { type: 'custom', status: 400 });
    });
    app.use(errorHandler(createLogger('info', { write: (s: string) => void lines.push(s) })));
    const res = await request(app).get('/e');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });
});
