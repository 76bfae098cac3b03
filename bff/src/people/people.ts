import { ageOn, maskIdNumber, maskName, parseIdNumber, PersonFacts, PersonView } from '@yibao/shared';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Clock } from '../clock';
import type { Pii } from '../crypto/pii';
import type { Db } from '../db/client';
import { persons } from '../db/schema';
import { newId } from '../ids';
import type { Upstream, UpstreamCitizen } from '../upstream/types';

export interface Person {
  personId: string;
  citizen: UpstreamCitizen;
  facts: PersonFacts;
}


/**
 * The opaque `personId`s of the API. The ID number behind one is kept sealed (AES-GCM) and
 * found by keyed hash; person data itself always comes fresh from the upstream.
 */
export class People {
  /**
   * personId → sealed ID number. A person row never changes once issued, so it is read once per
   * process (the ciphertext only: plaintext is not kept between requests). Bounded, oldest out.
   */
  private readonly sealed = new Map<string, string>();
  static readonly REMEMBERED = 100_000;
  private readonly sealedOne;
  private readonly sealedOf;

  constructor(
    private readonly db: Db,
    private readonly pii: Pii,
    private readonly upstream: Upstream,
    private readonly clock: Clock,
  ) {
    this.sealedOne = db.select({ personId: persons.personId, idSealed: persons.idSealed }).from(persons).where(eq(persons.personId, sql.placeholder('personId'))).prepare('person_sealed');
    this.sealedOf = db
      .select({ personId: persons.personId, idSealed: persons.idSealed })
      .from(persons)
      .where(sql`${persons.personId} = any(${sql.placeholder('personIds')})`)
      .prepare('people_sealed');
  }

  private remember(personId: string, idSealed: string): void {
    if (this.sealed.size >= People.REMEMBERED) this.sealed.delete(this.sealed.keys().next().value!);
    this.sealed.set(personId, idSealed);
  }

  private unseal(idSealed: string): string | null {
    try {
      return this.pii.decrypt(idSealed);
    } catch {
      return null; // sealed under keys no longer in use: the person is unknown now
    }
  }

  /** The personId for an ID number, issued on first sight. */
  async personIdFor(idNumber: string): Promise<string> {
    const id = idNumber.toUpperCase();
    const idHash = this.pii.hash('id', id);
    const [existing] = await this.db.select({ personId: persons.personId }).from(persons).where(eq(persons.idHash, idHash));
    if (existing) return existing.personId;
    const personId = newId('p_');
    const [inserted] = await this.db
      .insert(persons)
      .values({ personId, idHash, idSealed: this.pii.encrypt(id), createdAt: this.clock.now() })
      .onConflictDoNothing()
      .returning({ personId: persons.personId });
    if (inserted) return inserted.personId;
    const [winner] = await this.db.select({ personId: persons.personId }).from(persons).where(eq(persons.idHash, idHash));
    return winner.personId;
  }

  async idNumberOf(personId: string): Promise<string | null> {
    let idSealed = this.sealed.get(personId);
    if (idSealed === undefined) {
      const [row] = await this.sealedOne.execute({ personId });
      if (!row) return null;
      idSealed = row.idSealed;
      this.remember(personId, idSealed);
    }
    return this.unseal(idSealed);
  }

  async known(personIds: readonly string[]): Promise<Set<string>> {
    if (personIds.length === 0) return new Set();
    const rows = await this.db.select({ personId: persons.personId }).from(persons).where(inArray(persons.personId, [...personIds]));
    return new Set(rows.map((r) => r.personId));
  }

  /** The person behind a personId, as the upstream knows them now; null when unknown. */
  async get(personId: string): Promise<Person | null> {
    const idNumber = await this.idNumberOf(personId);
    if (!idNumber) return null;
    const citizen = await this.upstream.findPerson(idNumber);
    return citizen ? toPerson(personId, citizen) : null;
  }

  /** Several people at once, in two round trips whatever their number; unknown ones are left out. */
  async getMany(personIds: readonly string[]): Promise<Map<string, Person>> {
    const idNumbers = new Map<string, string>();
    const missing: string[] = [];
    for (const personId of new Set(personIds)) {
      const idSealed = this.sealed.get(personId);
      if (idSealed === undefined) missing.push(personId);
      else {
        const id = this.unseal(idSealed);
        if (id) idNumbers.set(personId, id);
      }
    }
    if (missing.length > 0) {
      const rows = missing.length === 1 ? await this.sealedOne.execute({ personId: missing[0] }) : await this.sealedOf.execute({ personIds: missing });
      for (const row of rows) {
        this.remember(row.personId, row.idSealed);
        const id = this.unseal(row.idSealed);
        if (id) idNumbers.set(row.personId, id);
      }
    }
    const out = new Map<string, Person>();
    if (idNumbers.size === 0) return out;
    const citizens = await this.upstream.findPersons([...idNumbers.values()]);
    for (const [personId, id] of idNumbers) {
      const citizen = citizens.get(id.toUpperCase());
      if (citizen) out.set(personId, toPerson(personId, citizen));
    }
    return out;
  }

  /** The person with an ID number (issuing a personId); null when the upstream does not know them. */
  async byIdNumber(idNumber: string): Promise<Person | null> {
    const citizen = await this.upstream.findPerson(idNumber);
    if (!citizen) return null;
    return toPerson(await this.personIdFor(citizen.idNumber), citizen);
  }

  view(person: Person): PersonView {
    const { citizen, facts } = person;
    return {
      personId: person.personId,
      maskedName: maskName(citizen.name),
      maskedIdNumber: maskIdNumber(citizen.idNumber),
      gender: facts.sex,
      age: ageOn(facts.birthDate, this.clock.now()),
      insurance: { scheme: citizen.insurance.scheme, status: citizen.insurance.status, region: citizen.insurance.region },
    };
  }
}

export function toPerson(personId: string, citizen: UpstreamCitizen): Person {
  const parsed = parseIdNumber(citizen.idNumber);
  if (!parsed.ok) throw new Error('upstream returned a malformed ID number');
  return {
    personId,
    citizen,
    facts: { personId, birthDate: parsed.id.birthDate, sex: parsed.id.sex, insurance: citizen.insurance },
  };
}
