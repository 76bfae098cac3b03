import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeApp } from './test/helpers';

it('serves the H5 build of the mini-program at / from STATIC_DIR when it exists (same origin as /api)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yibao-h5-'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>医保</title>');
  const t = await makeApp({ env: { STATIC_DIR: dir } });
  try {
    const res = await t.http().get('/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('医保');
    expect((await t.http().get('/healthz')).body).toEqual({ status: 'ok' });
    expect((await t.http().get('/api/v1/nope')).body.error.code).toBe('NOT_FOUND');
  } finally {
    await t.close();
    fs.rmSync(dir, { recursive: true });
  }
});
