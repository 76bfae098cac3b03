import type { Relation } from './types';

/**
 * #14 finding 1: family members told apart. A relation code says what a person is to the
 * viewer (API.md: `relation` of GET /family/members); with the person's gender it becomes the
 * word a citizen uses — 父亲, 女儿, 妻子 — instead of 父母/子女.
 */
export type Gender = 'M' | 'F';
export type Kin = Relation | 'SELF';

const WORDS: Record<Kin, Record<Gender, string>> = {
  SELF: { M: '本人', F: '本人' },
  SPOUSE: { M: '丈夫', F: '妻子' },
  PARENT: { M: '父亲', F: '母亲' },
  CHILD: { M: '儿子', F: '女儿' },
  SIBLING: { M: '兄弟', F: '姐妹' },
  GRANDPARENT: { M: '祖父', F: '祖母' },
  GRANDCHILD: { M: '孙子', F: '孙女' },
};

/** Neutral words where the gender is not known. */
const NEUTRAL: Record<Kin, string> = {
  SELF: '本人',
  SPOUSE: '配偶',
  PARENT: '父母',
  CHILD: '子女',
  SIBLING: '兄弟姐妹',
  GRANDPARENT: '祖父母',
  GRANDCHILD: '孙子女',
};

/** What `person` is to the viewer, as a word: relation = what the person is to the viewer. */
export function kinWord(relation: Kin, gender?: Gender | null): string {
  const words = WORDS[relation];
  if (!words) return String(relation);
  return gender ? words[gender] : NEUTRAL[relation];
}

/** The relation seen from the other side: my PARENT sees me as their CHILD. */
export function inverseRelation(relation: Kin): Kin {
  switch (relation) {
    case 'PARENT':
      return 'CHILD';
    case 'CHILD':
      return 'PARENT';
    case 'GRANDPARENT':
      return 'GRANDCHILD';
    case 'GRANDCHILD':
      return 'GRANDPARENT';
    default:
      return relation;
  }
}

export interface PersonForLabel {
  personId: string;
  relation: Kin;
  gender?: Gender | null;
  maskedName: string;
  age?: number | null;
  /** e.g. "320**********0113": its last 4 tell two look-alikes apart. */
  maskedIdNumber?: string | null;
}

export interface PersonLabel {
  personId: string;
  /** 父亲 / 女儿 / 本人 … */
  kin: string;
  maskedName: string;
  /** "8岁", or null when the age is private (before consent). */
  ageText: string | null;
  /** "尾号0113" when kin, name and age alone would leave two people looking the same. */
  idTail: string | null;
  /** One line: "女儿 钱** · 8岁 · 尾号0113". */
  text: string;
}

function baseKey(p: PersonForLabel): string {
  // Stryker disable next-line StringLiteral: equivalent — any constant for a missing age keeps two age-less look-alikes equal
  return `${kinWord(p.relation, p.gender)}|${p.maskedName}|${p.age ?? ''}`;
}

/**
 * Labels for a list of people shown together (a picker, a family list, a code switcher): kin
 * word, masked name and age always; the last 4 of the ID only where two people would still
 * read the same.
 */
export function labelPeople(people: readonly PersonForLabel[]): PersonLabel[] {
  const counts = new Map<string, number>();
  for (const p of people) counts.set(baseKey(p), (counts.get(baseKey(p)) ?? 0) + 1);
  return people.map((p) => {
    const kin = kinWord(p.relation, p.gender);
    const ageText = p.age === null || p.age === undefined ? null : `${p.age}岁`;
    const tail = p.maskedIdNumber ? p.maskedIdNumber.slice(-4) : null;
    const idTail = (counts.get(baseKey(p)) ?? 0) > 1 && tail ? `尾号${tail}` : null;
    const text = [`${kin} ${p.maskedName}`, ageText, idTail].filter(Boolean).join(' · ');
    return { personId: p.personId, kin, maskedName: p.maskedName, ageText, idTail, text };
  });
}

/** One person alone: "您的儿子 王**" style phrases use this. */
export function labelPerson(p: PersonForLabel): PersonLabel {
  return labelPeople([p])[0]!;
}
