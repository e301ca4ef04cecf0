import type { MeetingDetailResponse } from '#common/schemas/api';
import type { MeetingDocument } from '#common/schemas/document';
import type { Meeting } from '#common/schemas/meeting';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiClient, type ClientErrorCode, isUnauthenticated } from '../../lib/api';
import { errorCodeOf } from '../../lib/errors';
import { DocumentActions } from '../documents/DocumentActions';
import { formatDateTime, formatDuration } from '../../lib/format';
import type { LiveState } from '../../lib/yjs/live-doc';
import { type AgendaNode, buildAgendaTree, countNodes, plannedMinutes } from './agenda-tree';

/** Props of {@link AgendaScreen}. */
export interface AgendaScreenProps {
  api: ApiClient;
  /** The meeting as known before the detail arrives (from the session or the picker). */
  meeting: Meeting;
  /** Live state of the meeting, or null while the live document has not synced. */
  live: LiveState | null;
  onUnauthenticated: () => void;
}

type Load =
  | { kind: 'loading' }
  | { kind: 'ready'; detail: MeetingDetailResponse }
  | { kind: 'failed'; code: ClientErrorCode; detail: MeetingDetailResponse | null };

/**
 * The agenda (chương trình họp) of one meeting as a numbered tree, with the item under
 * discussion highlighted. The list is refetched whenever the live document's
 * `agendaRevision` changes, so the secretariat's edits show up without polling.
 */
export function AgendaScreen({ api, meeting, live, onUnauthenticated }: AgendaScreenProps) {
  const { t, i18n } = useTranslation();
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const revision = live?.agendaRevision ?? null;
  /** Documents, versions and grants have their own revision; the list under each item follows it. */
  const documentsRevision = live?.documentsRevision ?? null;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `revision`, `documentsRevision` and `attempt` are refetch triggers
  useEffect(() => {
    let cancelled = false;
    api.getMeeting(meeting.id).then(
      (detail) => {
        if (!cancelled) setLoad({ kind: 'ready', detail });
      },
      (error: unknown) => {
        if (cancelled) return;
        if (isUnauthenticated(error)) {
          onUnauthenticated();
          return;
        }
        // Keep showing the last good agenda: an outdated agenda beats an empty screen.
        setLoad((previous) => ({
          kind: 'failed',
          code: errorCodeOf(error),
          detail: previous.kind === 'loading' ? null : previous.detail,
        }));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, meeting.id, revision, documentsRevision, attempt, onUnauthenticated]);

  const detail = load.kind === 'loading' ? null : load.detail;
  const shown = detail?.meeting ?? meeting;
  const tree = useMemo(() => buildAgendaTree(detail?.agenda ?? []), [detail]);
  const documentsByItem = useMemo(() => groupDocuments(detail?.documents ?? []), [detail]);
  const status = live?.status ?? shown.status;
  const totalMinutes = tree.reduce((sum, node) => sum + plannedMinutes(node), 0);

  return (
    <main className="agenda-page" data-testid="agenda-screen">
      <section className="meeting-facts" aria-label={shown.title}>
        {shown.body && <p className="meeting-facts__body">{shown.body}</p>}
        <dl className="meeting-facts__list">
          <div>
            <dt>{t('meeting.time')}</dt>
            <dd>{formatDateTime(shown.startsAt, i18n.language, shown.timeZone)}</dd>
          </div>
          {shown.place && (
            <div>
              <dt>{t('meeting.place')}</dt>
              <dd>{shown.place}</dd>
            </div>
          )}
        </dl>
        <p className="meeting-facts__tags">
          <span className="tag">{t(`meeting.type.${shown.type}`)}</span>
          <span className={`tag tag--status-${status}`} data-testid="meeting-status" data-status={status}>
            {t(`meeting.status.${status}`)}
          </span>
        </p>
      </section>

      <section className="agenda" aria-labelledby="agenda-heading" data-testid="agenda">
        <div className="agenda__head">
          <h2 id="agenda-heading" className="agenda__heading" data-testid="agenda-heading">
            {t('agenda.heading')}
          </h2>
          {tree.length > 0 && (
            <p className="agenda__summary" data-testid="agenda-summary">
              {t('agenda.itemCount', { count: countNodes(tree) })}
              {totalMinutes > 0 &&
                ` · ${t('agenda.totalDuration', { duration: formatDuration(totalMinutes, t) })}`}
            </p>
          )}
        </div>

        {load.kind === 'failed' && (
          <div
            className="alert alert--with-action"
            role="alert"
            data-testid="agenda-error"
            data-code={load.code}
          >
            <span>
              {t('agenda.loadFailed')} {t(`errors.${load.code}`)}
            </span>
            <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
              {t('agenda.retry')}
            </button>
          </div>
        )}

        {load.kind === 'loading' && (
          <p className="muted" data-testid="agenda-loading">
            {t('agenda.loading')}
          </p>
        )}

        {detail && tree.length === 0 && (
          <p className="muted" data-testid="agenda-empty">
            {t('agenda.empty')}
          </p>
        )}

        {tree.length > 0 && (
          <AgendaList
            nodes={tree}
            currentItemId={live?.currentItemId ?? null}
            documentsByItem={documentsByItem}
          />
        )}
      </section>
    </main>
  );
}

function groupDocuments(documents: readonly MeetingDocument[]): Map<string, MeetingDocument[]> {
  const byItem = new Map<string, MeetingDocument[]>();
  for (const document of documents) {
    if (document.agendaItemId === null) continue;
    const list = byItem.get(document.agendaItemId) ?? [];
    list.push(document);
    byItem.set(document.agendaItemId, list);
  }
  for (const list of byItem.values()) list.sort((a, b) => a.position - b.position);
  return byItem;
}

interface AgendaListProps {
  nodes: readonly AgendaNode[];
  currentItemId: string | null;
  documentsByItem: ReadonlyMap<string, readonly MeetingDocument[]>;
}

/** One level of the tree; numbers are drawn by us, not by `<ol>`, so they read "1.2" not "b.". */
function AgendaList({ nodes, currentItemId, documentsByItem }: AgendaListProps) {
  const { t } = useTranslation();
  return (
    <ol className="agenda-list">
      {nodes.map((node) => {
        const { item } = node;
        const current = item.id === currentItemId;
        const documents = documentsByItem.get(item.id) ?? [];
        return (
          <li
            key={item.id}
            className={`agenda-item agenda-item--depth-${Math.min(node.depth, 3)}${current ? ' agenda-item--current' : ''}`}
            data-testid="agenda-item"
            data-item-id={item.id}
            data-number={node.number}
            data-current={current ? 'true' : undefined}
            aria-current={current ? 'step' : undefined}
          >
            <div className="agenda-item__row">
              <span className="agenda-item__number" data-testid="agenda-item-number">
                {node.number}.
              </span>
              <div className="agenda-item__body">
                <p className="agenda-item__title" data-testid="agenda-item-title">
                  {item.title}
                  {current && (
                    <span className="tag tag--current" data-testid="agenda-current-tag">
                      {t('agenda.current')}
                    </span>
                  )}
                </p>
                <p className="agenda-item__meta">
                  {item.presenter && (
                    <span>
                      <span className="agenda-item__label">{t('agenda.presenter')}:</span> {item.presenter}
                    </span>
                  )}
                  {item.durationMinutes > 0 && (
                    <span>
                      <span className="agenda-item__label">{t('agenda.duration')}:</span>{' '}
                      {formatDuration(item.durationMinutes, t)}
                    </span>
                  )}
                </p>
                {item.description && <p className="agenda-item__description">{item.description}</p>}
                {documents.length > 0 && (
                  <ul
                    className="agenda-item__documents"
                    aria-label={t('agenda.documents', { count: documents.length })}
                  >
                    {documents.map((document) => (
                      <li key={document.id} data-testid="agenda-document" data-document-id={document.id}>
                        {document.classification === 'mat' && (
                          <span className="tag tag--confidential">{t('agenda.confidential')}</span>
                        )}
                        <span className="agenda-document__title">{document.title}</span>
                        <DocumentActions document={document} />
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            </div>
            {node.children.length > 0 && (
              <AgendaList
                nodes={node.children}
                currentItemId={currentItemId}
                documentsByItem={documentsByItem}
              />
            )}
          </li>
        );
      })}
    </ol>
  );
}
