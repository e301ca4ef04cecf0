import type { SearchHit } from '#common/schemas/document';
import { queryPhrase } from '#common/search/phrase';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiClient, ClientErrorCode } from '../../lib/api';
import { isUnauthenticated } from '../../lib/api';
import { errorCodeOf } from '../../lib/errors';
import { useDocuments } from '../documents/DocumentsContext';
import { SearchForm, SearchHitText } from './SearchParts';

/** Props of {@link SearchPanel}. */
export interface SearchPanelProps {
  api: ApiClient;
  meetingId: string;
  onUnauthenticated: () => void;
}

/** At most this many hits are asked for. */
export const SEARCH_LIMIT = 50;
/** Typing pauses this long before searching. */
const SEARCH_DEBOUNCE_MS = 350;

type Result =
  | { kind: 'idle' }
  | { kind: 'searching'; query: string }
  | { kind: 'done'; query: string; hits: readonly SearchHit[] }
  | { kind: 'failed'; query: string; code: ClientErrorCode };

/** Hits of one document, in rank order. */
export interface HitGroup {
  readonly documentId: string;
  readonly title: string;
  readonly hits: readonly SearchHit[];
}

/** Groups hits by document; documents in the order of their best hit, hits in rank order. */
export function groupHits(hits: readonly SearchHit[]): HitGroup[] {
  const groups = new Map<string, { documentId: string; title: string; hits: SearchHit[] }>();
  for (const hit of hits) {
    const group = groups.get(hit.documentId);
    if (group) group.hits.push(hit);
    else groups.set(hit.documentId, { documentId: hit.documentId, title: hit.title, hits: [hit] });
  }
  return [...groups.values()];
}

/**
 * "Tìm trong tài liệu họp": searches the documents of the meeting this participant may read
 * (the server decides which), with the phrase rules of the README's "Searching" section. Hits
 * are grouped by document with page numbers and snippets; choosing one opens the viewer on
 * that page with the words highlighted.
 */
export function SearchPanel({ api, meetingId, onUnauthenticated }: SearchPanelProps) {
  const { t } = useTranslation();
  const documents = useDocuments();
  const id = useId();
  const [query, setQuery] = useState('');
  const [result, setResult] = useState<Result>({ kind: 'idle' });
  /** The latest search asked for; older answers are dropped. */
  const latest = useRef(0);

  const run = (q: string): void => {
    const ticket = ++latest.current;
    if (queryPhrase(q).syllables.length === 0) {
      setResult({ kind: 'idle' });
      return;
    }
    setResult({ kind: 'searching', query: q });
    api.search(meetingId, q, SEARCH_LIMIT).then(
      (answer) => {
        if (ticket === latest.current) setResult({ kind: 'done', query: q, hits: answer.hits });
      },
      (error: unknown) => {
        if (ticket !== latest.current) return;
        if (isUnauthenticated(error)) onUnauthenticated();
        setResult({ kind: 'failed', query: q, code: errorCodeOf(error) });
      },
    );
  };
  const runRef = useRef(run);
  runRef.current = run;

  // Search as the reader types, after a short pause.
  useEffect(() => {
    const timer = window.setTimeout(() => runRef.current(query), SEARCH_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [query]);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    run(query);
  };

  const open = (hit: SearchHit, searched: string): void => {
    const row = documents?.distribution.snapshot.documents.find((r) => r.document.id === hit.documentId);
    if (row) documents?.open(row.document, { page: hit.page, query: searched });
  };

  const groups = result.kind === 'done' ? groupHits(result.hits) : [];
  return (
    <section className="search-panel" aria-labelledby={`${id}-heading`} data-testid="search-panel">
      <SearchForm
        id={id}
        heading={t('search.heading')}
        label={t('search.label')}
        placeholder={t('search.placeholder')}
        query={query}
        onQueryChange={setQuery}
        onSubmit={submit}
        testIdPrefix="search"
      />

      <div aria-live="polite">
        {result.kind === 'searching' && (
          <p className="muted" data-testid="search-searching">
            {t('search.searching')}
          </p>
        )}
        {result.kind === 'failed' && (
          <p className="alert" role="alert" data-testid="search-error" data-code={result.code}>
            {result.code === 'network_error' || result.code === 'timeout'
              ? t('search.offline')
              : `${t('search.failed')} ${t(`errors.${result.code}`)}`}
          </p>
        )}
        {result.kind === 'done' && (
          <p className="search-panel__summary" data-testid="search-summary">
            {result.hits.length === 0
              ? t('search.none', { query: result.query })
              : t('search.summary', { count: result.hits.length, documents: groups.length })}
            {result.hits.length >= SEARCH_LIMIT && ` ${t('search.limited', { count: SEARCH_LIMIT })}`}
          </p>
        )}
      </div>

      {result.kind === 'done' && groups.length > 0 && (
        <ol className="search-results" data-testid="search-results">
          {groups.map((group) => {
            const row = documents?.distribution.snapshot.documents.find(
              (r) => r.document.id === group.documentId,
            );
            const confidential = row?.document.classification === 'mat';
            return (
              <li
                key={group.documentId}
                className="search-results__document"
                data-testid="search-group"
                data-document-id={group.documentId}
              >
                <h3 className="search-results__title">
                  {confidential && (
                    <span className="tag tag--confidential">{t('documents.confidential')}</span>
                  )}
                  <span data-testid="search-group-title">{group.title}</span>
                  <span className="search-results__count">
                    {t('search.pagesFound', { count: group.hits.length })}
                  </span>
                </h3>
                <ol className="search-results__hits">
                  {group.hits.map((hit) => (
                    <li key={`${hit.version}:${hit.page}`}>
                      <button
                        type="button"
                        className="search-hit"
                        onClick={() => open(hit, result.query)}
                        disabled={!row}
                        aria-label={t('search.openHit', { title: group.title, page: hit.page })}
                        data-testid="search-hit"
                        data-page={hit.page}
                      >
                        <SearchHitText
                          where={t('search.page', { page: hit.page })}
                          snippet={hit.snippet}
                          testIdPrefix="search"
                        />
                      </button>
                    </li>
                  ))}
                </ol>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
