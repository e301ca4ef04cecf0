import { queryPhrase } from '#common/search/phrase';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { PdfDocument, PdfTextItem } from '../../lib/pdf/pdf';
import { countCharacters, findOnPage, type MeasureText, type PageMatch } from './page-matches';

/** Typing pauses this long before the document is searched again. */
const FIND_DEBOUNCE_MS = 200;

/**
 * Measures with a canvas in a serif face at the run's size (official documents are set in
 * Times New Roman); counts characters where no canvas is available.
 */
function canvasMeasure(): MeasureText {
  const context = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  if (!context) return countCharacters;
  return (text, item) => {
    context.font = `${Math.max(1, item.height)}px "Times New Roman", "Liberation Serif", serif`;
    return context.measureText(text).width;
  };
}

/** Find in the open document: what is searched, what was found, and which match is current. */
export interface FindInDocument {
  readonly query: string;
  setQuery(query: string): void;
  /** The query the matches are for (the field's text, once typing pauses). */
  readonly searched: string;
  /** Every match in document order (page, then place on the page). */
  readonly matches: readonly PageMatch[];
  /** Index into `matches` of the current match, or -1. */
  readonly current: number;
  /** `searching` while pages are still being read. */
  readonly status: 'idle' | 'searching' | 'done';
  next(): void;
  previous(): void;
}

/**
 * Searches the open PDF's text by the same phrase rules as the room server's search
 * (diacritics-insensitive, whole syllables, together and in order), page by page in the
 * background; the page texts are read once per document and kept.
 *
 * @param initialQuery the query to start with (a search hit's query), or ''
 * @param initialPage the page to start on: the first match on it becomes current (the best
 *   typed one), otherwise the first match after it
 */
export function useFindInDocument(
  pdf: PdfDocument | null,
  initialQuery: string,
  initialPage: number,
): FindInDocument {
  const [query, setQuery] = useState(initialQuery);
  const [searched, setSearched] = useState(initialQuery);
  const [matches, setMatches] = useState<readonly PageMatch[]>([]);
  const [current, setCurrent] = useState(-1);
  const [status, setStatus] = useState<FindInDocument['status']>('idle');
  /** The page texts read so far, of one document. */
  const texts = useRef<{ pdf: PdfDocument | null; pages: Map<number, Promise<PdfTextItem[]>> }>({
    pdf: null,
    pages: new Map(),
  });
  /** The page a new result set starts from: the opening page first, then wherever the reader was. */
  const startPage = useRef(initialPage);

  useEffect(() => {
    if (query === searched) return;
    const timer = window.setTimeout(() => setSearched(query), FIND_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [query, searched]);

  useEffect(() => {
    const phrase = queryPhrase(searched);
    if (pdf === null || phrase.syllables.length === 0) {
      setMatches([]);
      setCurrent(-1);
      setStatus('idle');
      return;
    }
    // A new document: forget the texts read from the old one.
    if (texts.current.pdf !== pdf) texts.current = { pdf, pages: new Map() };
    const cache = texts.current.pages;
    const measure = canvasMeasure();
    let cancelled = false;
    const start = startPage.current;
    setStatus('searching');
    (async () => {
      const found: PageMatch[] = [];
      let chosen = -1;
      for (let page = 1; page <= pdf.pageCount; page++) {
        let text = cache.get(page);
        if (!text) {
          text = pdf.pageText(page).catch(() => []);
          cache.set(page, text);
        }
        const onPage = findOnPage(page, await text, phrase, measure);
        if (cancelled) return;
        if (chosen < 0 && page >= start && onPage.length > 0) {
          const best = onPage.reduce((b, m, i) => (m.exact > onPage[b]!.exact ? i : b), 0);
          chosen = found.length + best;
        }
        found.push(...onPage);
        // Show the matches as they come, every few pages, so a long document answers fast.
        if (page % 20 === 0 || page === pdf.pageCount) {
          setMatches([...found]);
          // Until a match at or after the start page turns up, none is current (no jumping back).
          const last = page === pdf.pageCount;
          setCurrent(chosen >= 0 ? chosen : last && found.length > 0 ? 0 : -1);
        }
      }
      if (!cancelled) setStatus('done');
    })();
    return () => {
      cancelled = true;
    };
  }, [pdf, searched]);

  const next = useCallback(() => {
    setCurrent((c) => (matches.length === 0 ? -1 : (c + 1) % matches.length));
  }, [matches.length]);
  const previous = useCallback(() => {
    setCurrent((c) => (matches.length === 0 ? -1 : (c - 1 + matches.length) % matches.length));
  }, [matches.length]);

  // Later searches start from the current match's page.
  useEffect(() => {
    const match = matches[current];
    if (match) startPage.current = match.page;
  }, [matches, current]);

  return useMemo(
    () => ({ query, setQuery, searched, matches, current, status, next, previous }),
    [query, searched, matches, current, status, next, previous],
  );
}
