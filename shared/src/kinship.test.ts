import fc from 'fast-check';
import { inverseRelation, kinWord, labelPeople, labelPerson, type Kin } from './kinship';

const KINS: Kin[] = ['SELF', 'SPOUSE', 'PARENT', 'CHILD', 'SIBLING', 'GRANDPARENT', 'GRANDCHILD'];

describe('#14 finding 1: relation words from the viewer’s side', () => {
  it('by relation and gender', () => {
    expect(kinWord('PARENT', 'M')).toBe('父亲');
    expect(kinWord('PARENT', 'F')).toBe('母亲');
    expect(kinWord('CHILD', 'M')).toBe('儿子');
    expect(kinWord('CHILD', 'F')).toBe('女儿');
    expect(kinWord('SPOUSE', 'M')).toBe('丈夫');
    expect(kinWord('SPOUSE', 'F')).toBe('妻子');
    expect(kinWord('SIBLING', 'F')).toBe('姐妹');
    expect(kinWord('GRANDPARENT', 'M')).toBe('祖父');
    expect(kinWord('GRANDCHILD', 'F')).toBe('孙女');
    expect(kinWord('SELF', 'F')).toBe('本人');
  });

  it('every relation and gender has its own word', () => {
    const table = KINS.map((k) => [k, kinWord(k, 'M'), kinWord(k, 'F'), kinWord(k)]);
    expect(table).toEqual([
      ['SELF', '本人', '本人', '本人'],
      ['SPOUSE', '丈夫', '妻子', '配偶'],
      ['PARENT', '父亲', '母亲', '父母'],
      ['CHILD', '儿子', '女儿', '子女'],
      ['SIBLING', '兄弟', '姐妹', '兄弟姐妹'],
      ['GRANDPARENT', '祖父', '祖母', '祖父母'],
      ['GRANDCHILD', '孙子', '孙女', '孙子女'],
    ]);
  });

  it('neutral words without a gender', () => {
    expect(kinWord('SPOUSE')).toBe('配偶');
    expect(kinWord('CHILD', null)).toBe('子女');
    expect(kinWord('GRANDPARENT')).toBe('祖父母');
  });

  it('an unknown code is shown as it is rather than as another relation', () => {
    expect(kinWord('COUSIN' as Kin, 'M')).toBe('COUSIN');
  });

  it('the inverse of the inverse is the relation itself', () => {
    fc.assert(fc.property(fc.constantFrom(...KINS), (k) => inverseRelation(inverseRelation(k)) === k));
    expect(inverseRelation('CHILD')).toBe('PARENT');
    expect(inverseRelation('PARENT')).toBe('CHILD');
    expect(inverseRelation('GRANDCHILD')).toBe('GRANDPARENT');
    expect(inverseRelation('GRANDPARENT')).toBe('GRANDCHILD');
    expect(inverseRelation('SPOUSE')).toBe('SPOUSE');
  });
});

describe('#14 finding 1: people shown together are told apart', () => {
  it('a son and a father with the same masked name read differently', () => {
    const [father, son] = labelPeople([
      { personId: 'a', relation: 'PARENT', gender: 'M', maskedName: '王**', age: 70, maskedIdNumber: '320**********0113' },
      { personId: 'b', relation: 'CHILD', gender: 'M', maskedName: '王**', age: 12, maskedIdNumber: '320**********0137' },
    ]);
    expect(father!.text).toBe('父亲 王** · 70岁');
    expect(son!.text).toBe('儿子 王** · 12岁');
    expect(father!.idTail).toBeNull();
  });

  it('two daughters of the same age and mask get the last 4 of their IDs', () => {
    const labels = labelPeople([
      { personId: 'a', relation: 'CHILD', gender: 'F', maskedName: '钱**', age: 8, maskedIdNumber: '320**********0021' },
      { personId: 'b', relation: 'CHILD', gender: 'F', maskedName: '钱**', age: 8, maskedIdNumber: '320**********0048' },
      { personId: 'c', relation: 'SELF', gender: 'F', maskedName: '钱*', age: 36 },
    ]);
    expect(labels.map((l) => l.text)).toEqual(['女儿 钱** · 8岁 · 尾号0021', '女儿 钱** · 8岁 · 尾号0048', '本人 钱* · 36岁']);
  });

  it('look-alikes apart by age need no ID tail', () => {
    const labels = labelPeople([
      { personId: 'a', relation: 'CHILD', gender: 'F', maskedName: '钱**', age: 8, maskedIdNumber: '320**********0021' },
      { personId: 'b', relation: 'CHILD', gender: 'F', maskedName: '钱**', age: 10, maskedIdNumber: '320**********0048' },
    ]);
    expect(labels.map((l) => l.text)).toEqual(['女儿 钱** · 8岁', '女儿 钱** · 10岁']);
  });

  it('a null age (private before consent) reads as no age', () => {
    expect(labelPerson({ personId: 'p', relation: 'CHILD', gender: 'M', maskedName: '王**', age: null }).ageText).toBeNull();
    expect(labelPerson({ personId: 'p', relation: 'CHILD', gender: 'M', maskedName: '王**', age: 0 }).ageText).toBe('0岁');
  });

  it('a pending member shows neither age nor ID', () => {
    expect(labelPerson({ personId: 'p', relation: 'PARENT', gender: 'F', maskedName: '李*' }).text).toBe('母亲 李*');
  });

  it('any list: labels keep order and ids; texts are distinct wherever the IDs differ', () => {
    const person = fc.record({
      relation: fc.constantFrom(...KINS),
      gender: fc.constantFrom('M' as const, 'F' as const),
      maskedName: fc.constantFrom('王**', '王*', '钱**'),
      age: fc.integer({ min: 0, max: 3 }),
      tail: fc.integer({ min: 0, max: 9999 }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(person, { selector: (p) => p.tail, maxLength: 8 }), (people) => {
        const input = people.map((p, i) => ({ ...p, personId: `p${i}`, maskedIdNumber: `320**********${String(p.tail).padStart(4, '0')}` }));
        const labels = labelPeople(input);
        expect(labels.map((l) => l.personId)).toEqual(input.map((p) => p.personId));
        expect(new Set(labels.map((l) => l.text)).size).toBe(labels.length);
      }),
    );
  });
});
