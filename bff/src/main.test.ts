import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * API.md Starting it, the process itself (`node main`): production refuses the sandbox unless
 * SANDBOX_IN_PRODUCTION=1, which warns at start; a DATA_DIR that others can write is refused with
 * a clear error. (The HTTP side: auth.test.ts for SANDBOX_LOGIN=0, datadir.test.ts for the modes.)
 */
const MAIN = path.join(__dirname, 'main.ts');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function start(env: Record<string, string>, until?: RegExp): Promise<{ code: number | null; out: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yibao-main-'));
  dirs.push(dir);
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: path.join(__dirname, '..'), // where tsx resolves; DATA_DIR is absolute
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', DATA_DIR: path.join(dir, 'data'), STATIC_DIR: path.join(dir, 'none'), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve) => {
    const seen = (d: Buffer) => {
      out += d.toString('utf8');
      if (until && until.test(out)) child.kill('SIGKILL');
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', seen);
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000); // never outlive the test
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

const SECRETS = { JWT_SECRET: 'j'.repeat(40), PII_KEY: 'p'.repeat(40) };

it('NODE_ENV=production on the sandbox upstream / demo world: refuses to start (exit 1) and says why', async () => {
  const { code, out } = await start({ NODE_ENV: 'production', ...SECRETS });
  expect(code).toBe(1);
  expect(out).toMatch(/cannot start: NODE_ENV=production refuses to start on the sandbox upstream/);
  expect(out).toMatch(/SANDBOX_IN_PRODUCTION=1/);
});

it('NODE_ENV=production with SANDBOX_IN_PRODUCTION=1: a warning at start naming the demo world, its published hospital secrets and sandbox sign-in (off)', async () => {
  const { out } = await start({ NODE_ENV: 'production', SANDBOX_IN_PRODUCTION: '1', ...SECRETS }, /SANDBOX_IN_PRODUCTION=1: /);
  const line = out.split('\n').find((l) => l.includes('SANDBOX_IN_PRODUCTION=1: '));
  expect(line).toBeDefined();
  const warning = JSON.parse(line!);
  expect(warning).toMatchObject({ level: 40, world: 'demo', sandboxLogin: false });
  expect(warning.demoHospitalSecrets).toEqual(expect.arrayContaining(['H320102001']));
  expect(line).not.toMatch(/demo-secret/);
});

it('a DATA_DIR that others can write: refuses to start (exit 1) with a clear error, writing nothing into it', async () => {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'yibao-main-open-'));
  dirs.push(parent);
  const open = path.join(parent, 'data');
  fs.mkdirSync(open);
  fs.chmodSync(open, 0o777);
  const { code, out } = await start({ DATA_DIR: open });
  expect(code).toBe(1);
  expect(out).toMatch(/DATA_DIR .* can be written by other users \(mode 777\)/);
  expect(fs.readdirSync(open)).toEqual([]);
});
