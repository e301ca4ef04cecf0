import { ROUTES, roleMayCall } from '#common/http/route-table';
import { CloseCodes } from '#common/protocol/close-codes';
import type { Meeting } from '#common/schemas/meeting';
import { lazy, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppHeader } from '../components/AppHeader';
import { LazyScreen } from '../components/LazyScreen';
import type { JoinNotice } from '../features/join/JoinScreen';
import { DistributionPanel } from '../features/documents/DistributionPanel';
import { AnnotationSessionContext } from '../features/annotations/annotation-session';
import { closeOwnLayers } from '../features/annotations/own-layers-pool';
import { useOwnLayersAhead } from '../features/annotations/use-own-layers-ahead';
import { DocumentsProvider } from '../features/documents/DocumentsContext';
import { FollowProvider } from '../features/follow/FollowContext';
import { FollowControls } from '../features/follow/FollowControls';
import { FollowOpener } from '../features/follow/FollowOpener';
import { useDistribution } from '../features/documents/use-distribution';
import { useReadReceiptOutbox } from '../features/documents/use-read-receipt';
import { createAnnotationDownloads } from '../features/documents/annotation-downloads';
import { AgendaScreen } from '../features/meeting/AgendaScreen';
import { AuditWitnessBanner } from '../features/meeting/AuditWitnessBanner';
import { MeetingPicker } from '../features/meeting/MeetingPicker';
import { CreateMeeting } from '../features/prepare/CreateMeeting';
import { PrepareNav, type SessionView } from '../features/prepare/PrepareNav';
import { SearchPanel } from '../features/search/SearchPanel';
import { projectorMeetingId } from '../features/projector/projector-route';
import { SessionPanel, type SessionPanelProps } from '../features/session/SessionPanel';
import { SessionScreen } from '../features/session/SessionScreen';
import { useAgendaItems } from '../features/session/use-agenda-items';
import { useServerClockOffset } from '../features/session/use-server-clock';
import { BallotStore } from '../features/votes/ballot-store';
import { createApiClient, createCall, createPrepareApi, isUnauthenticated } from '../lib/api';
import { MeetingCopies, takeEarlyMeeting, withMeetingCopies } from '../lib/cache/meeting-copies';
import { deriveConnectionState, useBrowserOnline, useServerReachable } from '../lib/connection';
import { deviceStorage, type StoredSession, saveSession } from '../lib/session';
import { clearOfflineAnnotations } from '../lib/yjs/offline-persistence';
import { useLiveDoc } from '../lib/yjs/use-live-doc';
import { confirmDiscard } from '../lib/unsaved-changes';

/** Props of {@link SessionShell}. */
export interface SessionShellProps {
  session: StoredSession;
  onSignedOut: (notice: JoinNotice) => void;
}

/*
 * The minutes editor (TipTap), the archive desk, the secretariat's preparation screen and the
 * projector view are their own chunks: a delegate's first screen (agenda, documents) never
 * needs them, and they are most of the app's weight. The service worker keeps every emitted
 * chunk, so they still open offline.
 */
const MinutesScreen = lazy(() =>
  import('../features/minutes/MinutesScreen').then((module) => ({ default: module.MinutesScreen })),
);
const ArchiveScreen = lazy(() =>
  import('../features/archive/ArchiveScreen').then((module) => ({ default: module.ArchiveScreen })),
);
const PrepareScreen = lazy(() =>
  import('../features/prepare/PrepareScreen').then((module) => ({ default: module.PrepareScreen })),
);
const ProjectorScreen = lazy(() =>
  import('../features/projector/ProjectorScreen').then((module) => ({ default: module.ProjectorScreen })),
);

/** While the live socket keeps failing, ask /session this often whether the token still works. */
const SESSION_CHECK_MS = 15_000;

/**
 * Everything after joining. At `?projector=<meetingId>` (where the room server sends
 * `/projector/<meetingId>`) this device shows the projector view instead, with the same stored
 * session and nothing else of the app (no document downloads).
 */
export function SessionShell(props: SessionShellProps) {
  const projector = projectorMeetingId(window.location);
  return projector === null ? (
    <MeetingSession {...props} />
  ) : (
    <LazyScreen>
      <ProjectorScreen session={props.session} meetingId={projector} />
    </LazyScreen>
  );
}

/**
 * The header, the live document of the chosen meeting and the screen for it. Participants of
 * a meeting go straight to its agenda; room staff (no meeting in their session) pick one first.
 */
function MeetingSession({ session, onSignedOut }: SessionShellProps) {
  const { t } = useTranslation();
  const { serverUrl, token } = session;
  const participantId = session.info.participant.id;
  /** The meetings kept on this device, so the agenda and documents show with the server gone. */
  const copies = useMemo(
    () => new MeetingCopies(deviceStorage(), serverUrl, participantId),
    [serverUrl, participantId],
  );
  const api = useMemo(
    () => withMeetingCopies(createApiClient(serverUrl, token), copies, takeEarlyMeeting(serverUrl, token)),
    [serverUrl, token, copies],
  );
  const [info, setInfo] = useState(session.info);
  /** The meeting staff picked; participants always follow the meeting of their session. */
  const [picked, setPicked] = useState<Meeting | null>(null);
  const [leaving, setLeaving] = useState(false);
  /** The secretariat switches between the agenda as participants see it and preparing the meeting. */
  const [view, setView] = useState<SessionView>(
    session.info.participant.role === 'archivist' ? 'archive' : 'agenda',
  );
  const prepareApi = useMemo(() => createPrepareApi(serverUrl, token), [serverUrl, token]);
  const isSecretariat = info.participant.role === 'secretariat';
  /** Who runs the session or keeps attendance gets the "Phiên họp" view. */
  const runsSession = (['chair', 'secretary', 'secretariat'] as const).some(
    (role) => role === info.participant.role,
  );
  const call = useMemo(() => createCall(serverUrl, token), [serverUrl, token]);
  /** The minutes (biên bản) screen, over whichever view is chosen. */
  const [minutesOpen, setMinutesOpen] = useState(false);
  /** Archivists and the secretariat get the archive screen (past meetings, search, export). */
  const mayArchive = roleMayCall(ROUTES.archiveMeetings, info.participant.role);
  /** Read receipts of the documents this device opens, kept until the server has them. */
  const receipts = useReadReceiptOutbox(call, deviceStorage(), serverUrl, participantId);
  const annotationDownloads = useMemo(() => createAnnotationDownloads(call), [call]);
  /** This device's ballots (and secret-ballot receipts), kept across restarts. */
  const ballots = useMemo(
    () => new BallotStore(deviceStorage(), serverUrl, participantId),
    [serverUrl, participantId],
  );
  const offsetMs = useServerClockOffset(call);

  const meeting = info.meeting ?? picked;
  const live = useLiveDoc(serverUrl, token, meeting?.id ?? null, info.participant.id);
  /**
   * The chair and the secretariat see who has read each document (as the route table allows),
   * live: their viewer document says when somebody opened one.
   */
  const readersRevision = live?.live.readersRevision ?? null;
  const readersAccess = useMemo(
    () =>
      meeting && roleMayCall(ROUTES.getDocumentReaders, info.participant.role)
        ? {
            load: (documentId: string) => call(ROUTES.getDocumentReaders, { params: { documentId } }),
            timeZone: meeting.timeZone,
            revision: readersRevision,
          }
        : null,
    [meeting, info.participant.role, call, readersRevision],
  );
  /** Minutes staff always; everyone else once the chair has published them (live). */
  const mayReadMinutes = runsSession || live?.live.minutes === 'published';
  /** Who annotates in the document viewer, and where their layers are. */
  const annotationSession = useMemo(
    () => ({ server: serverUrl, token, author: { id: info.participant.id, name: info.participant.name } }),
    [serverUrl, token, info.participant.id, info.participant.name],
  );
  const online = useBrowserOnline();
  const reachable = useServerReachable(api, meeting === null);
  const connection = deriveConnectionState(online, live, reachable);
  const agendaItems = useAgendaItems(api, meeting?.id ?? null, live?.live.agendaRevision ?? null);

  const sessionEnded = useCallback(() => onSignedOut('sessionEnded'), [onSignedOut]);
  // Brings the meeting's documents onto this device (features/documents): every participant.
  const distribution = useDistribution({
    api,
    serverUrl,
    token,
    meetingId: meeting?.id ?? null,
    participantId: info.participant.id,
    documentsRevision: live?.live.documentsRevision ?? null,
    publishedRevision: live?.live.publishedRevision ?? null,
    liveSynced: live?.synced ?? false,
    onUnauthenticated: sessionEnded,
  });
  // The user's own annotation layers of those documents too, fetched ahead (for offline work, and
  // so the viewer finds them open).
  useOwnLayersAhead(
    annotationSession,
    distribution.snapshot.listLoaded ? distribution.snapshot.documents.map((d) => d.document.id) : null,
  );

  // Confirm the stored session with the server and pick up changes (a renamed meeting, a new
  // role). A network failure keeps the cached session: the badge already says "offline".
  useEffect(() => {
    let cancelled = false;
    api.getSession().then(
      (fresh) => {
        if (cancelled) return;
        setInfo(fresh);
        saveSession({ serverUrl, token, info: fresh });
      },
      (error: unknown) => {
        if (!cancelled && isUnauthenticated(error)) sessionEnded();
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, serverUrl, token, sessionEnded]);

  // The server closes the live socket with SessionRevoked when the secretariat revokes this device.
  useEffect(() => {
    if (live?.closed?.code === CloseCodes.SessionRevoked.code) sessionEnded();
  }, [live?.closed, sessionEnded]);

  // A refused WebSocket upgrade looks like any network failure to the browser, so while the
  // socket keeps failing, ask the HTTP API whether the token is still valid.
  useEffect(() => {
    if (connection !== 'reconnecting') return;
    const timer = window.setInterval(() => {
      api.getSession().catch((error: unknown) => {
        if (isUnauthenticated(error)) sessionEnded();
      });
    }, SESSION_CHECK_MS);
    return () => window.clearInterval(timer);
  }, [api, connection, sessionEnded]);

  /** What the chair's console and everyone's session panel both show the session from. */
  const sessionProps = (meetingId: string): SessionPanelProps => ({
    call,
    meetingId,
    me: info.participant,
    live: live?.live ?? null,
    items: agendaItems,
    offsetMs,
    ballots,
    onUnauthenticated: sessionEnded,
  });

  const leave = async (): Promise<void> => {
    setLeaving(true);
    // First off the device: confidential documents (downloads stopped first, so none comes
    // back), then what was kept of the meetings. This works without a network too.
    try {
      await distribution.removeConfidential(copies.confidential());
    } catch (error) {
      console.error('Some confidential documents could not be removed from this device', error);
    }
    copies.forgetAll();
    // The user's own annotation layers kept for offline work go with them: closed first, as an
    // open store cannot be deleted.
    closeOwnLayers(annotationSession);
    await clearOfflineAnnotations();
    try {
      await api.leave();
    } catch (error) {
      // Leaving must always work on this device, even without a network; the secretariat
      // can still revoke the token on the server. Record why the server was not told.
      console.warn('Could not end the session on the room server', error);
    }
    onSignedOut('signedOut');
  };

  return (
    <div className="session">
      <AppHeader
        meetingTitle={live?.live.title ?? meeting?.title ?? null}
        participant={info.participant}
        connection={connection}
        leaving={leaving}
        onLeave={() => void leave()}
      />
      <AuditWitnessBanner serverUrl={serverUrl} meetingId={meeting?.id ?? null} live={live} />
      {meeting === null ? (
        <>
          {isSecretariat && (
            <CreateMeeting
              prepareApi={prepareApi}
              onUnauthenticated={sessionEnded}
              onCreated={(created) => {
                setPicked(created);
                setView('prepare');
              }}
            />
          )}
          {mayArchive && (
            <nav className="session__nav">
              <PrepareNav
                view={view === 'archive' ? 'archive' : 'agenda'}
                onChange={setView}
                views={['archive']}
              />
            </nav>
          )}
          {mayArchive && view === 'archive' ? (
            <LazyScreen>
              <ArchiveScreen call={call} onUnauthenticated={sessionEnded} />
            </LazyScreen>
          ) : (
            <MeetingPicker api={api} onPick={setPicked} onUnauthenticated={sessionEnded} />
          )}
        </>
      ) : (
        <>
          {(info.meeting === null || isSecretariat || runsSession || mayArchive || mayReadMinutes) && (
            <nav className="session__nav">
              {info.meeting === null && (
                <button
                  type="button"
                  className="button button--quiet"
                  onClick={() => confirmDiscard(t('prepare.unsavedLeave')) && setPicked(null)}
                >
                  ← {t('picker.back')}
                </button>
              )}
              {(isSecretariat || runsSession || mayArchive) && (
                <PrepareNav
                  view={view}
                  onChange={setView}
                  views={[
                    ...(runsSession ? (['session'] as const) : []),
                    ...(isSecretariat ? (['prepare'] as const) : []),
                    ...(mayArchive ? (['archive'] as const) : []),
                  ]}
                />
              )}
              {mayReadMinutes && (
                <div className="prep-nav minutes-nav">
                  <button
                    type="button"
                    className="prep-nav__button"
                    data-testid="nav-minutes"
                    aria-pressed={minutesOpen}
                    onClick={() => setMinutesOpen((open) => !open)}
                  >
                    {t('minutes.open')}
                  </button>
                </div>
              )}
            </nav>
          )}
          {minutesOpen && mayReadMinutes ? (
            <LazyScreen>
              <MinutesScreen
                key={`minutes:${meeting.id}`}
                call={call}
                serverUrl={serverUrl}
                token={token}
                meetingId={meeting.id}
                me={info.participant}
                liveState={live?.live.minutes ?? null}
                onUnauthenticated={sessionEnded}
              />
            </LazyScreen>
          ) : null}
          {minutesOpen && mayReadMinutes ? null : mayArchive && view === 'archive' ? (
            <LazyScreen>
              <ArchiveScreen call={call} onUnauthenticated={sessionEnded} />
            </LazyScreen>
          ) : isSecretariat && view === 'prepare' ? (
            <LazyScreen>
              <PrepareScreen
                key={meeting.id}
                api={api}
                prepareApi={prepareApi}
                meeting={meeting}
                live={live?.live ?? null}
                onUnauthenticated={sessionEnded}
                onMeetingChanged={(changed) => {
                  if (info.meeting === null) setPicked(changed);
                }}
              />
            </LazyScreen>
          ) : runsSession && view === 'session' ? (
            <SessionScreen {...sessionProps(meeting.id)} serverUrl={serverUrl} />
          ) : (
            <AnnotationSessionContext.Provider value={annotationSession}>
              {/* Around the documents: their viewer follows the presenter, or presents. */}
              <FollowProvider
                call={call}
                meetingId={meeting.id}
                me={info.participant}
                presenter={live?.live.presenter ?? null}
              >
                <DocumentsProvider
                  distribution={distribution}
                  readerName={info.participant.name}
                  receipts={receipts}
                  downloads={annotationDownloads}
                  readers={readersAccess}
                >
                  <FollowOpener />
                  <FollowControls inViewer={false} />
                  <DistributionPanel />
                  <SearchPanel
                    key={`search:${meeting.id}`}
                    api={api}
                    meetingId={meeting.id}
                    onUnauthenticated={sessionEnded}
                  />
                  <div className="meeting-layout">
                    <AgendaScreen
                      key={meeting.id}
                      api={api}
                      meeting={meeting}
                      live={live?.live ?? null}
                      onUnauthenticated={sessionEnded}
                    />
                    <SessionPanel key={`session:${meeting.id}`} {...sessionProps(meeting.id)} />
                  </div>
                </DocumentsProvider>
              </FollowProvider>
            </AnnotationSessionContext.Provider>
          )}
        </>
      )}
    </div>
  );
}
