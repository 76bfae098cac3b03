import * as os from 'node:os';
import * as path from 'node:path';

// node:fs with a writeFileSync that a test can make "die" half-way (as a kill -9 would)
jest.mock('node:fs', () => {
  const actual = jest.requireActual('node:fs');
  return { ...actual, writeFileSync: jest.fn(actual.writeFileSync) };
});
import * as fs from 'node:fs';
import { loadKeys } from './keys';

const actualFs = jest.requireActual<typeof import('node:fs')>('node:fs');

it('a start killed while writing the development secrets leaves no truncated secrets.json: the next start works (reliability suite, crash safety)', () => {
  const dir = actualFs.mkdtempSync(path.join(os.tmpdir(), 'yibao-keys-crash-'));
  try {
    // the first start dies after the file was created and before its content was written
    (fs.writeFileSync as jest.Mock).mockImplementationOnce((file: string, _data: unknown, opts: unknown) => {
      actualFs.writeFileSync(file, '', opts as fs.WriteFileOptions);
      throw new Error('killed mid-write');
    });
    expect(() => loadKeys({ dataDir: dir, production: false })).toThrow('killed mid-write');
    // used to be: "cannot read …/secrets.json: Unexpected end of JSON input" on every later start
    const a = loadKeys({ dataDir: dir, production: false });
    const b = loadKeys({ dataDir: dir, production: false });
    expect(a.piiHmac.equals(b.piiHmac)).toBe(true);
    expect(actualFs.statSync(path.join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(actualFs.readdirSync(dir)).toEqual(['secrets.json']); // no temporary file left behind
  } finally {
    actualFs.rmSync(dir, { recursive: true, force: true });
  }
});
