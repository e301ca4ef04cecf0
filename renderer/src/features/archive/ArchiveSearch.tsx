import { ROUTES } from '#common/http/route-table';
import type { ArchiveHit } from '#common/schemas/archive';
import { queryPhrase } from '#common/search/phrase';
import { type FormEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Call, isUnauthenticated } from '../../lib/api';
import { SearchForm, SearchHitText } from '../search/SearchParts';
import { useArchiveError } from './use-archive-error';

/** Props of {@link ArchiveSearch}. */
export interface ArchiveSearchProps {
  call: Call;
  onUnauthenticated: () => void;
}

/** At most this many hits are asked for. */
export const ARCHIVE_SEARCH_LIMIT = 100;

type Result =
  | { kind: 'idle' }
  | { kind: 'searching' }
  | { kind: 'done'; query: string; hits: readonly ArchiveHit[] }
  | { kind: 'failed'; message: string };

/** Hits of one meeting: its minutes' hit (if any) and its documents' pages, grouped by document. */
interface MeetingGroup {
  readonly meetingId: string;
  readonly title: string;
  readonly minutes: ArchiveHit | null;
  readonly documents: { documentId: string; title: string; hits: ArchiveHit[] }[];
}

function groupByMeeting(hits: readonly ArchiveHit[]): MeetingGroup[] {
  const groups = new Map<string, MeetingGroup>();
  for (const hit of hits) {
    let group = groups.get(hit.meetingId);
    if (!group) {
      group = { meetingId: hit.meetingId, title: hit.meetingTitle, minutes: null, documents: [] };
      groups.set(hit.meetingId, group);
    }
    if (hit.source === 'minutes') {
      group = { ...group, minutes: hit };
      groups.set(hit.meetingId, group);
      continue;
    }
    const doc = group.documents.find((d) => d.documentId === hit.documentId);
    if (doc) doc.hits.push(hit);
    else group.documents.push({ documentId: hit.documentId ?? '', title: hit.title ?? '', hits: [hit] });
  }
  return [...groups.values()];
}

/**
 * "Tìm trong hồ sơ": searches the minutes and documents of the past meetings by the meeting
 * search's rules (README, "Searching"); hits grouped by meeting, then minutes and documents,
 * with the words marked as in the meeting search.
 */
export function ArchiveSearch({ call, onUnauthenticated }: ArchiveSearchProps) {
  const { t } = useTranslation();
  const explain = useArchiveError();
  const id = useId();
  const [query, setQuery] = useState('');
  const [result, setResult] = useState<Result>({ kind: 'idle' });
  const latest = useRef(0);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const q = query;
    const ticket = ++latest.current;
    if (queryPhrase(q).syllables.length === 0) {
      setResult({ kind: 'idle' });
      return;
    }
    setResult({ kind: 'searching' });
    call(ROUTES.archiveSearch, { query: { q, limit: ARCHIVE_SEARCH_LIMIT } }).then(
      (answer) => {
        if (ticket === latest.current) setResult({ kind: 'done', query: q, hits: answer.hits });
      },
      (error: unknown) => {
        if (ticket !== latest.current) return;
        if (isUnauthenticated(error)) onUnauthenticated();
        setResult({ kind: 'failed', message: explain(error) });
      },
    );
  };

  const groups = result.kind === 'done' ? groupByMeeting(result.hits) : [];
  return (
    <section
      className="search-panel archive-search"
      aria-labelledby={`${id}-heading`}
      data-testid="archive-search"
    >
      <SearchForm
        id={id}
        heading={t('archive.search.heading')}
        label={t('archive.search.label')}
        placeholder={t('archive.search.placeholder')}
        query={query}
        onQueryChange={setQuery}
        onSubmit={submit}
        testIdPrefix="archive-search"
      />
      <div aria-live="polite">
        {result.kind === 'searching' && <p className="muted">{t('search.searching')}</p>}
        {result.kind === 'failed' && (
          <p className="alert" role="alert" data-testid="archive-search-error">
            {result.message}
          </p>
        )}
        {result.kind === 'done' && (
          <p className="search-panel__summary" data-testid="archive-search-summary">
            {result.hits.length === 0
              ? t('archive.search.none', { query: result.query })
              : t('archive.search.summary', { count: result.hits.length, meetings: groups.length })}
          </p>
        )}
      </div>
      {groups.length > 0 && (
        <ol className="search-results" data-testid="archive-search-results">
          {groups.map((group) => (
            <li key={group.meetingId} className="search-results__document" data-testid="archive-hit-meeting">
              <h3 className="search-results__title">{group.title}</h3>
              <ol className="search-results__hits">
                {group.minutes && (
                  <li>
                    <div className="search-hit" data-testid="archive-hit" data-source="minutes">
                      <SearchHitText
                        where={t('archive.search.minutes')}
                        snippet={group.minutes.snippet}
                        testIdPrefix="archive"
                      />
                    </div>
                  </li>
                )}
                {group.documents.flatMap((doc) =>
                  doc.hits.map((hit) => (
                    <li key={`${doc.documentId}:${hit.version}:${hit.page}`}>
                      <div className="search-hit" data-testid="archive-hit" data-source="document">
                        <SearchHitText
                          where={`${doc.title} · ${t('search.page', { page: hit.page })}`}
                          snippet={hit.snippet}
                          testIdPrefix="archive"
                        />
                      </div>
                    </li>
                  )),
                )}
              </ol>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
