import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ManualClock } from '../../clock';
import { ephemeralKeys } from '../../crypto/keys';
import { Pii } from '../../crypto/pii';
import { demo, testDatabase, W } from '../../test/helpers';
import { readWorld, SandboxUpstream, validateWorld, WorldFileError } from './sandbox';

const tmp = (content: string) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'yibao-world-')), 'world.json');
  fs.writeFileSync(file, content);
  return file;
};

describe('World file (SANDBOX_FIXTURES), validated with shared worldSchema', () => {
  it('the built-in demo world when unset (a copy of shared/fixtures/sandbox.json, plus the optional product description and coverage of #14)', () => {
    const world = readWorld(undefined);
    expect(world.citizens.length).toBeGreaterThan(20);
    const spec = path.resolve(__dirname, '../../../../../shared/fixtures/sandbox.json');
    const copy = demo() as { products: Record<string, unknown>[] };
    expect(copy.products.some((p) => 'description' in p && 'coverage' in p)).toBe(true);
    for (const p of copy.products) {
      delete p.description;
      delete p.coverage;
    }
    if (fs.existsSync(spec)) expect(JSON.parse(fs.readFileSync(spec, 'utf8'))).toEqual(copy);
  });
  it('a bad file stops the start with a message naming the field', () => {
    const world = demo();
    world.citizens[3].phone = '12345';
    expect(() => readWorld(tmp(JSON.stringify(world)))).toThrow(WorldFileError);
    expect(() => readWorld(tmp(JSON.stringify(world)))).toThrow(/citizens\[3\]\.phone/);
    expect(() => readWorld(tmp('{not json'))).toThrow(/not valid JSON/);
    expect(() => readWorld('/nonexistent/world.json')).toThrow(/cannot read/);
  });
});

describe('Sandbox upstream over its own tables', () => {
  it('loads the world, looks people up by keyed hash, answers registry relations both ways, and moves money all-or-nothing', async () => {
    const database = await testDatabase();
    try {
      const clock = new ManualClock('2026-11-24T10:00:00+08:00');
      const pii = new Pii(ephemeralKeys());
      const up = await SandboxUpstream.start(database.db, pii, clock, validateWorld(demo()));
      const wang = await up.findPerson(W.wang);
      expect(wang).toMatchObject({ name: '王建国', phone: '13800000001', insurance: { scheme: 'EMPLOYEE', account: { historicalFen: 500000, currentFen: 20000 } } });
      expect(await up.findPerson('11010519491231002X')).toBeNull();
      // several at once, in one query: keyed by the upper-cased ID number, the unknown left out
      const many = await up.findPersons([W.wang, W.wangSon, '11010519491231002x', W.wang]);
      expect([...many.keys()].sort()).toEqual([W.wang, W.wangSon].sort());
      expect(many.get(W.wang)).toEqual(wang);
      expect((await up.findPersons([])).size).toBe(0);
      expect(await up.checkThreeFactors({ name: '王建国', idNumber: W.wang, phone: '13800000001' })).toBe(true);
      expect(await up.checkThreeFactors({ name: '王建国', idNumber: W.wang, phone: '13800000002' })).toBe(false);
      expect(await up.registryRelation(W.wang, W.wangFather)).toBe('PARENT');
      expect(await up.registryRelation(W.wangFather, W.wang)).toBe('CHILD');
      expect(await up.registryRelation(W.wang, W.wangSon)).toBe('CHILD'); // the file says wang is the son's PARENT
      expect(await up.registryRelation(W.wang, W.chen)).toBeNull();

      await database.db.transaction(async (tx) => {
        expect(await up.lockAccount(tx, W.wang)).toEqual({ historicalFen: 500000, currentFen: 20000 });
        await up.debitAccount(tx, W.wang, { historicalFen: 100, currentFen: 50 }, 'o_1');
      });
      await expect(
        database.db.transaction(async (tx) => {
          await up.debitAccount(tx, W.wang, { historicalFen: 1, currentFen: 0 }, 'o_2');
          await up.debitAccount(tx, W.wang, { historicalFen: 0, currentFen: 999999 }, 'o_3'); // overdraw: refused, o_2 rolled back
        }),
      ).rejects.toThrow();
      expect((await up.findPerson(W.wang))!.insurance.account).toEqual({ historicalFen: 499900, currentFen: 19950 });
      expect(await database.db.transaction((tx) => up.lockAccount(tx, W.wangWife))).toBeNull();

      // restarting with the same world keeps balances; a changed world reloads
      const again = await SandboxUpstream.start(database.db, pii, clock, validateWorld(demo()));
      expect((await again.findPerson(W.wang))!.insurance.account).toEqual({ historicalFen: 499900, currentFen: 19950 });
      const changed = demo();
      changed.citizens[0].insurance.account = { historicalFen: 1, currentFen: 2 };
      const reloaded = await SandboxUpstream.start(database.db, pii, clock, validateWorld(changed));
      expect((await reloaded.findPerson(W.wang))!.insurance.account).toEqual({ historicalFen: 1, currentFen: 2 });
    } finally {
      await database.close();
    }
  });
});
