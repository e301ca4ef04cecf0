import { ROUTES } from '#common/http/route-table';
import type { LivePresenter, SharePresenterRequest } from '#common/schemas/presenter';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useTranslation } from 'react-i18next';
import { ApiRequestError, type Call } from '../../lib/api';
import { errorCodeOf, translateReason } from '../../lib/errors';
import { mayPresent, type PresenterTarget, presenterTarget } from './presenter-position';

/** Follow mode: off, following, or following but scrolled away (one click follows again). */
export type FollowMode = 'off' | 'attached' | 'detached';

/** The open viewer, as follow mode drives it. */
export interface FollowedViewer {
  readonly documentId: string;
  /** Shows the presenter's page, zoom and rotation. */
  apply(target: Extract<PresenterTarget, { kind: 'document' }>): void;
}

/** Presenter page turns are sent at most this often (the last one always goes). */
export const PRESENT_INTERVAL_MS = 250;

export interface FollowContextValue {
  readonly target: PresenterTarget;
  readonly mode: FollowMode;
  /** Follows the presenter (again): opens their document and moves with them. */
  follow(): void;
  /** The reader moved away: keep following off until they click again. */
  detach(): void;
  /** Leaves follow mode. */
  stop(): void;
  /** The viewer registers itself while it shows a document. */
  register(viewer: FollowedViewer): () => void;
  /** The presenter's document when follow mode should open it (no viewer shows it yet), else null. */
  readonly toOpen: Extract<PresenterTarget, { kind: 'document' }> | null;
  /** The chair, or the participant the chair named. */
  readonly canPresent: boolean;
  readonly presenting: boolean;
  setPresenting(on: boolean): void;
  /** While presenting: where the presenter is now (sent throttled). */
  publish(position: SharePresenterRequest): void;
  /** Why the last share failed, in the user's words (null: it did not). */
  readonly presentError: string | null;
}

const FollowContext = createContext<FollowContextValue | null>(null);

/** Follow mode and presenting, or null outside a {@link FollowProvider}. */
export function useFollow(): FollowContextValue | null {
  return useContext(FollowContext);
}

/** Props of {@link FollowProvider}. */
export interface FollowProviderProps {
  readonly call: Call;
  readonly meetingId: string;
  readonly me: { readonly id: string; readonly role: string };
  readonly presenter: LivePresenter | null;
  /** Follow from the start (the projector); otherwise the reader chooses to. */
  readonly followByDefault?: boolean;
  readonly children: ReactNode;
}

/**
 * Follow the presenter (Theo dõi người trình bày). Around a DocumentsProvider (whose viewer reads
 * it), with a {@link FollowOpener} inside that provider: in follow mode the
 * presenter's document is opened in the viewer and the viewer moves with them (page, zoom,
 * rotation, from the live document's `presenter` key); scrolling away detaches; following again
 * is one click. The chair or the named presenter can present: their viewer's position is sent
 * through the presenter command route, throttled.
 */
export function FollowProvider({
  call,
  meetingId,
  me,
  presenter,
  followByDefault,
  children,
}: FollowProviderProps) {
  const { t, i18n } = useTranslation();
  const target = useMemo(() => presenterTarget(presenter), [presenter]);
  const canPresent = mayPresent(me, presenter);
  const [mode, setMode] = useState<FollowMode>(followByDefault ? 'attached' : 'off');
  const [presenting, setPresentingState] = useState(false);
  const [presentError, setPresentError] = useState<string | null>(null);
  const viewer = useRef<FollowedViewer | null>(null);
  const [viewerId, setViewerId] = useState<string | null>(null);

  const shownId = useRef<string | null>(null);
  shownId.current = target.kind === 'document' ? target.documentId : null;
  const register = useCallback((v: FollowedViewer) => {
    viewer.current = v;
    setViewerId(v.documentId);
    return () => {
      if (viewer.current !== v) return;
      viewer.current = null;
      setViewerId(null);
      // The reader closed the presenter's document: that is leaving it, not a cue to reopen it.
      // (Follow mode switching to another document closes a different one.)
      if (v.documentId === shownId.current) setMode((m) => (m === 'attached' ? 'detached' : m));
    };
  }, []);

  // The presenter's own position is theirs to move: a presenter does not follow.
  const following = mode === 'attached' && !presenting;
  useEffect(() => {
    if (following && target.kind === 'document' && viewerId === target.documentId)
      viewer.current?.apply(target);
  }, [following, target, viewerId]);
  const toOpen = following && target.kind === 'document' && viewerId !== target.documentId ? target : null;

  // Presenting: the latest position, sent now or when the interval has passed.
  const pending = useRef<SharePresenterRequest | null>(null);
  const lastSent = useRef<string>('');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastAt = useRef(0);
  const send = useCallback(() => {
    timer.current = null;
    const next = pending.current;
    pending.current = null;
    if (!next) return;
    const key = JSON.stringify(next);
    if (key === lastSent.current) return;
    lastSent.current = key;
    lastAt.current = Date.now();
    call(ROUTES.sharePresenter, { params: { meetingId }, body: next })
      .then(() => setPresentError(null))
      .catch((error: unknown) => {
        lastSent.current = '';
        setPresentError(
          error instanceof ApiRequestError && error.reason
            ? translateReason(error.reason, t, i18n.language)
            : t(`errors.${errorCodeOf(error)}`),
        );
      });
  }, [call, meetingId, t, i18n.language]);
  const publish = useCallback(
    (position: SharePresenterRequest) => {
      pending.current = position;
      if (timer.current !== null) return;
      const wait = lastAt.current + PRESENT_INTERVAL_MS - Date.now();
      if (wait <= 0) send();
      else timer.current = setTimeout(send, wait);
    },
    [send],
  );
  const setPresenting = useCallback(
    (on: boolean) => {
      setPresentingState(on);
      setPresentError(null);
      if (on) return;
      if (timer.current !== null) clearTimeout(timer.current);
      timer.current = null;
      pending.current = null;
      lastSent.current = '';
      call(ROUTES.stopPresenter, { params: { meetingId } }).catch((error: unknown) =>
        console.warn('Could not stop presenting', error),
      );
    },
    [call, meetingId],
  );
  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );
  // Named presenter no longer: stop sending.
  useEffect(() => {
    if (presenting && !canPresent) setPresentingState(false);
  }, [presenting, canPresent]);

  const value = useMemo<FollowContextValue>(
    () => ({
      target,
      mode,
      follow: () => setMode('attached'),
      detach: () => setMode((m) => (m === 'attached' ? 'detached' : m)),
      stop: () => setMode('off'),
      register,
      toOpen,
      canPresent,
      presenting,
      setPresenting,
      publish,
      presentError,
    }),
    [target, mode, register, toOpen, canPresent, presenting, setPresenting, publish, presentError],
  );
  return <FollowContext.Provider value={value}>{children}</FollowContext.Provider>;
}
