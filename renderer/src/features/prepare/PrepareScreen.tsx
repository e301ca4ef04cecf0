import type { MeetingDetailResponse } from '#common/schemas/api';
import type { MeetingDocument } from '#common/schemas/document';
import type { AgendaItem, Meeting } from '#common/schemas/meeting';
import type { Participant } from '#common/schemas/participant';
import { type KeyboardEvent, useCallback, useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiClient, PrepareApi } from '../../lib/api';
import type { LiveState } from '../../lib/yjs/live-doc';
import { countNodes, buildAgendaTree } from '../meeting/agenda-tree';
import { AgendaEditor } from './AgendaEditor';
import { MeetingForm } from './MeetingForm';
import { ParticipantsPanel } from './ParticipantsPanel';
import { PublishPanel } from './PublishPanel';
import {
  type Failure,
  FailureMessage,
  PrepareProvider,
  type PrepareContextValue,
  toFailure,
} from './prepare-context';

/** Props of {@link PrepareScreen}. */
export interface PrepareScreenProps {
  api: ApiClient;
  prepareApi: PrepareApi;
  meeting: Meeting;
  live: LiveState | null;
  onUnauthenticated: () => void;
  /** The meeting's details changed (saved or published): the shell shows the new title. */
  onMeetingChanged: (meeting: Meeting) => void;
}

const TABS = ['details', 'agenda', 'participants'] as const;
type Tab = (typeof TABS)[number];

/**
 * "Chuẩn bị cuộc họp": everything the secretariat does before a meeting, in three tabs
 * (details, agenda with documents, participants) under a publish bar that is always visible.
 */
export function PrepareScreen({
  api,
  prepareApi,
  meeting,
  live,
  onUnauthenticated,
  onMeetingChanged,
}: PrepareScreenProps) {
  const { t } = useTranslation();
  const id = useId();
  const [tab, setTab] = useState<Tab>('agenda');
  const [detail, setDetail] = useState<MeetingDetailResponse | null>(null);
  const [loadFailure, setLoadFailure] = useState<Failure | null>(null);
  const [participants, setParticipants] = useState<Participant[] | null>(null);
  const [participantsFailure, setParticipantsFailure] = useState<Failure | null>(null);
  const [reloads, setReloads] = useState(0);
  const [participantLoads, setParticipantLoads] = useState(0);
  // Any of these changing means the server has something new for this screen.
  const revision = `${live?.agendaRevision}/${live?.documentsRevision}/${live?.publishedRevision}`;

  const fail = useCallback((error: unknown) => toFailure(error, onUnauthenticated), [onUnauthenticated]);
  const context = useMemo<PrepareContextValue>(
    () => ({
      prepareApi,
      meetingId: meeting.id,
      timeZone: meeting.timeZone,
      endsAt: meeting.endsAt,
      readersRevision: live?.readersRevision ?? null,
      fail,
    }),
    [prepareApi, meeting.id, meeting.timeZone, meeting.endsAt, live?.readersRevision, fail],
  );
  const reload = useCallback(() => setReloads((n) => n + 1), []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `revision` and `reloads` are refetch triggers
  useEffect(() => {
    let cancelled = false;
    api.getMeeting(meeting.id).then(
      (fresh) => {
        if (cancelled) return;
        setDetail(fresh);
        setLoadFailure(null);
      },
      (error: unknown) => {
        if (!cancelled) setLoadFailure(fail(error));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, meeting.id, revision, reloads, fail]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `participantLoads` is the retry trigger
  useEffect(() => {
    let cancelled = false;
    prepareApi.listParticipants(meeting.id).then(
      (list) => {
        if (cancelled) return;
        setParticipants(list);
        setParticipantsFailure(null);
      },
      (error: unknown) => {
        if (!cancelled) setParticipantsFailure(fail(error));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [prepareApi, meeting.id, participantLoads, fail]);

  // A file dropped outside a drop zone would make the browser open it in place of the app.
  useEffect(() => {
    const guard = (event: DragEvent) => {
      if (!event.dataTransfer?.types.includes('Files') || event.defaultPrevented) return;
      event.preventDefault();
      if (event.type === 'dragover') event.dataTransfer.dropEffect = 'none';
    };
    window.addEventListener('dragover', guard);
    window.addEventListener('drop', guard);
    return () => {
      window.removeEventListener('dragover', guard);
      window.removeEventListener('drop', guard);
    };
  }, []);

  const current = detail?.meeting ?? meeting;
  const agenda = detail?.agenda ?? [];
  const documents = detail?.documents ?? [];
  const status = live?.status ?? current.status;

  const setMeeting = useCallback(
    (updated: Meeting) => {
      setDetail((previous) => (previous ? { ...previous, meeting: updated } : previous));
      onMeetingChanged(updated);
    },
    [onMeetingChanged],
  );
  const setAgenda = useCallback(
    (next: AgendaItem[] | ((current: AgendaItem[]) => AgendaItem[])) =>
      setDetail((previous) =>
        previous
          ? { ...previous, agenda: typeof next === 'function' ? next(previous.agenda) : next }
          : previous,
      ),
    [],
  );
  const upsertDocument = useCallback(
    (document: MeetingDocument) =>
      setDetail((previous) => {
        if (!previous) return previous;
        const exists = previous.documents.some((entry) => entry.id === document.id);
        return {
          ...previous,
          documents: exists
            ? previous.documents.map((entry) => (entry.id === document.id ? document : entry))
            : [...previous.documents, document],
        };
      }),
    [],
  );
  const removeDocument = useCallback(
    (documentId: string) =>
      setDetail((previous) =>
        previous
          ? { ...previous, documents: previous.documents.filter((entry) => entry.id !== documentId) }
          : previous,
      ),
    [],
  );

  const chairs = (participants ?? []).filter((person) => person.role === 'chair');
  const secretaries = (participants ?? []).filter((person) => person.role === 'secretary');
  const names = (list: readonly Participant[]) =>
    list.length === 0 ? t('prepare.agenda.nobody') : list.map((person) => person.name).join(', ');

  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    const index = TABS.indexOf(tab);
    let next: Tab | undefined;
    if (event.key === 'ArrowRight') next = TABS[(index + 1) % TABS.length];
    else if (event.key === 'ArrowLeft') next = TABS[(index + TABS.length - 1) % TABS.length];
    else if (event.key === 'Home') next = TABS[0];
    else if (event.key === 'End') next = TABS[TABS.length - 1];
    if (!next) return;
    event.preventDefault();
    setTab(next);
    document.getElementById(`${id}-tab-${next}`)?.focus();
  };

  return (
    <PrepareProvider value={context}>
      <main className="prepare-page" data-testid="prepare-screen">
        <h2 className="prepare-page__heading">{t('prepare.heading')}</h2>
        <PublishPanel
          meeting={current}
          status={status}
          counts={{
            items: countNodes(buildAgendaTree(agenda)),
            documents: documents.length,
            participants: participants?.length ?? null,
          }}
          onPublished={setMeeting}
        />

        {loadFailure && (
          <div className="prepare-reload">
            <FailureMessage failure={loadFailure} testId="prepare-load-error" />
            <button type="button" className="button" onClick={reload}>
              {t('agenda.retry')}
            </button>
          </div>
        )}

        <div className="prep-tabs" role="tablist" aria-label={t('prepare.tabs.label')}>
          {TABS.map((name) => (
            <button
              key={name}
              id={`${id}-tab-${name}`}
              type="button"
              role="tab"
              className="prep-tabs__tab"
              data-testid={`prepare-tab-${name}`}
              aria-selected={tab === name}
              aria-controls={`${id}-panel-${name}`}
              tabIndex={tab === name ? 0 : -1}
              onClick={() => setTab(name)}
              onKeyDown={onTabKey}
            >
              {t(`prepare.tabs.${name}`)}
            </button>
          ))}
        </div>

        {/* Every panel stays mounted (only hidden) so running uploads and unsaved edits survive a tab switch. */}
        <section
          id={`${id}-panel-details`}
          role="tabpanel"
          aria-labelledby={`${id}-tab-details`}
          hidden={tab !== 'details'}
          className="prep-panel"
        >
          {detail ? (
            <MeetingForm key={current.id} meeting={current} onSaved={setMeeting} />
          ) : (
            <p className="muted">{t('prepare.loading')}</p>
          )}
        </section>

        <section
          id={`${id}-panel-agenda`}
          role="tabpanel"
          aria-labelledby={`${id}-tab-agenda`}
          hidden={tab !== 'agenda'}
          className="prep-panel"
        >
          <p className="prep-leaders" data-testid="meeting-leaders">
            <span>
              <span className="prep-leaders__label">{t('role.chair')}:</span> {names(chairs)}
            </span>
            <span>
              <span className="prep-leaders__label">{t('role.secretary')}:</span> {names(secretaries)}
            </span>
            {(chairs.length === 0 || secretaries.length === 0) && participants !== null && (
              <button type="button" className="button button--small" onClick={() => setTab('participants')}>
                {t('prepare.agenda.addLeaders')}
              </button>
            )}
          </p>
          {detail ? (
            <AgendaEditor
              agenda={agenda}
              documents={documents}
              participants={participants}
              onAgenda={setAgenda}
              onDocument={upsertDocument}
              onDocumentDeleted={removeDocument}
              reload={reload}
            />
          ) : (
            !loadFailure && <p className="muted">{t('prepare.loading')}</p>
          )}
        </section>

        <section
          id={`${id}-panel-participants`}
          role="tabpanel"
          aria-labelledby={`${id}-tab-participants`}
          hidden={tab !== 'participants'}
          className="prep-panel"
        >
          <ParticipantsPanel
            participants={participants}
            loadFailure={participantsFailure}
            onParticipants={setParticipants}
            onRetry={() => setParticipantLoads((n) => n + 1)}
          />
        </section>
      </main>
    </PrepareProvider>
  );
}
