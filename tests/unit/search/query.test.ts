import { describe, expect, it } from 'vitest';
import { MAX_QUERY_TERMS, queryPhrase, toMatchExpression } from '../../../sync-server/search/query';
import { roomDb } from './search-db';

/** The folded syllables of a query. */
const queryTerms = (q: string): readonly string[] => queryPhrase(q).syllables;

describe('queryPhrase', () => {
  it('folds and splits like the FTS5 unicode61 tokenizer', () => {
    expect(queryTerms('Biên  Bản!')).toEqual(['bien', 'ban']);
    expect(queryTerms('bien ban')).toEqual(['bien', 'ban']);
    expect(queryTerms('đồng')).toEqual(['dong']);
    expect(queryTerms('3562/TTr-SNNMT')).toEqual(['3562', 'ttr', 'snnmt']);
    expect(queryTerms('hội_đồng')).toEqual(['hoi', 'dong']);
  });

  it('keeps the syllables as typed, for ranking exact diacritics first', () => {
    expect(queryPhrase('Biên  BẢN!').typed).toEqual(['biên', 'bản']);
    expect(queryPhrase('bie\u0302n ban').typed).toEqual(['biên', 'ban']);
    expect(queryPhrase('"Thái Nguyên"')).toEqual(queryPhrase('Thái Nguyên'));
  });

  // A query is one phrase: a repeated syllable must stand there twice (this used to drop duplicates).
  it('keeps repeated syllables, drops decomposed marks and surplus terms', () => {
    expect(queryTerms('Biên biên BIEN')).toEqual(['bien', 'bien', 'bien']);
    expect(queryTerms('bie\u0302n')).toEqual(['bien']);
    const many = Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ');
    expect(queryTerms(many)).toHaveLength(MAX_QUERY_TERMS);
    expect(queryTerms('x'.repeat(500))[0]).toHaveLength(64);
  });

  it('has no terms for empty or punctuation-only queries', () => {
    for (const q of ['', '   ', '"', '""', '*', '-', '(', ')', ':', '^', '...', '“”', '\u0002\u0003']) {
      expect(queryTerms(q), JSON.stringify(q)).toEqual([]);
    }
  });
});

describe('toMatchExpression', () => {
  // Was: every term a required prefix ("bien"* AND "ban"*); issue 14 made a query one phrase of whole syllables.
  it('quotes the syllables as one FTS5 phrase of whole tokens', () => {
    expect(toMatchExpression(queryPhrase('biên bản'))).toBe('"bien ban"');
  });

  it('never produces an expression FTS5 rejects, whatever the user typed', () => {
    const db = roomDb();
    db.prepare('INSERT INTO document_pages_fts (rowid, folded) VALUES (1, ?)').run(
      'and or not near bien ban',
    );
    const nasty = [
      'AND',
      'OR NOT',
      'NEAR(a b, 3)',
      '"unbalanced',
      'col:value',
      '^start',
      'a* -b +c',
      "'; DROP TABLE documents; --",
      '{folded}: x',
      'biên AND bản',
      '\\" "\\',
    ];
    for (const q of nasty) {
      if (queryTerms(q).length === 0) continue;
      expect(() =>
        db
          .prepare('SELECT rowid FROM document_pages_fts WHERE document_pages_fts MATCH ?')
          .all(toMatchExpression(queryPhrase(q))),
      ).not.toThrow();
    }
    const hits = db
      .prepare('SELECT rowid FROM document_pages_fts WHERE document_pages_fts MATCH ?')
      .all(toMatchExpression(queryPhrase('NOT near'))) as { rowid: number }[];
    expect(hits).toEqual([{ rowid: 1 }]);
  });
});
