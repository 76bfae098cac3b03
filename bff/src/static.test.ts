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

it('serves the hospital desk at /desk/ from DESK_DIR with a strict Content-Security-Policy (issue 13)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yibao-desk-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>医保窗口</title>');
  fs.writeFileSync(path.join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
  const t = await makeApp({ env: { DESK_DIR: dir, STATIC_DIR: path.join(dir, 'none') } });
  try {
    const page = await t.http().get('/desk/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('医保窗口');
    const csp = page.headers['content-security-policy'];
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(page.headers['permissions-policy']).toContain('camera=(self)');
    expect(page.headers['cache-control']).toBe('no-cache');
    const asset = await t.http().get('/desk/assets/index-abc.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await t.http().get('/desk')).status).toBe(301);
    expect((await t.http().get('/desk/nope.js')).body.error.code).toBe('NOT_FOUND');
    // the API keeps its own headers
    expect((await t.http().get('/api/v1/nope')).headers['content-security-policy']).not.toBe(csp);
  } finally {
    await t.close();
    fs.rmSync(dir, { recursive: true });
  }
});
