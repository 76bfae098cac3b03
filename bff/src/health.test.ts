import { makeApp, TestApp } from './test/helpers';

let t: TestApp;
beforeAll(async () => {
  t = await makeApp();
});
afterAll(() => t.close());

describe('API.md Starting it', () => {
  it('GET /healthz → 200 {"status":"ok"}', async () => {
    const res = await t.http().get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('GET /livez → 200 while the process runs', async () => {
    const res = await t.http().get('/livez');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });
});
