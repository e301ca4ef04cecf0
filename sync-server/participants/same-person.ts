import type { ImportDuplicate } from '#common/schemas/participant';

/**
 * Recognises the same person twice in a participant list: importing one CSV file twice must
 * not silently double everyone. Two entries are the same person when their name and unit are
 * equal after Unicode NFC normalisation, case folding and white-space folding. Diacritics
 * count: "Lê Văn An" and "Le Van An" may well be two people, and the secretariat decides.
 */

/** The fields that identify a person in one meeting. */
export interface PersonIdentity {
  readonly name: string;
  readonly unit: string;
}

/** NFC, lower case (Vietnamese letters included), one space between words, none at the ends. */
export function foldIdentityText(text: string): string {
  return text.normalize('NFC').toLocaleLowerCase('vi').replace(/\s+/gu, ' ').trim();
}

/** The key under which two entries are the same person. */
export function personKey(person: PersonIdentity): string {
  return `${foldIdentityText(person.name)}\u0000${foldIdentityText(person.unit)}`;
}

/**
 * The rows that repeat a person: one already in the meeting (`existing`), or one on an earlier
 * row of the same import. Rows in file order; the first row of a repeated person is not a duplicate.
 */
export function findDuplicateRows(
  existing: readonly (PersonIdentity & { readonly id: string })[],
  rows: readonly PersonIdentity[],
): ImportDuplicate[] {
  const known = new Map<string, string | null>();
  for (const person of existing) {
    const key = personKey(person);
    if (!known.has(key)) known.set(key, person.id);
  }
  const duplicates: ImportDuplicate[] = [];
  rows.forEach((row, index) => {
    const key = personKey(row);
    if (known.has(key)) {
      duplicates.push({ row: index, name: row.name, unit: row.unit, existingId: known.get(key) ?? null });
    } else {
      known.set(key, null);
    }
  });
  return duplicates;
}
