import { ROUTES } from '#common/http/route-table';
import type { MinutesStatus, RecordChoices, RecordKind } from '#common/schemas/minutes';
import type { Participant } from '#common/schemas/participant';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { EditorContent, useEditor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Call } from '../../lib/api';
import { openMinutesDoc } from '../../lib/yjs/minutes-doc';
import { useAction } from '../session/use-action';
import { ConclusionNoticePanel, noticeAccess } from './ConclusionNoticePanel';
import { MinutesExports, mayExportMinutes } from './MinutesExports';
import { RecordBlock } from './record-block';

/** A colour per participant, stable across reloads, for their caret. */
function colourOf(id: string): string {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) % 360;
  return `hsl(${h} 70% 40%)`;
}

export interface MinutesScreenProps {
  readonly call: Call;
  readonly serverUrl: string;
  readonly token: string;
  readonly meetingId: string;
  readonly me: Participant;
  /** The minutes' state as the live document shows it: a change is the signal to refetch. */
  readonly liveState: string | null;
  readonly onUnauthenticated: () => void;
}

/**
 * The minutes (biên bản): secretaries write them together (TipTap on the Yjs document the server
 * seeded with the template), insert record blocks from the records, the chair finalises and
 * publishes; afterwards corrections are addenda. Delegates read them once published.
 */
export function MinutesScreen(props: MinutesScreenProps) {
  const { t } = useTranslation();
  const { call, meetingId, me } = props;
  const [status, setStatus] = useState<MinutesStatus | null>(null);
  const action = useAction(props.onUnauthenticated);
  const refresh = useCallback(async () => {
    setStatus(await call(ROUTES.minutesStatus, { params: { meetingId } }));
  }, [call, meetingId]);
  const { run } = action;
  // Read again whenever the live document says the state moved (another screen finalised).
  // biome-ignore lint/correctness/useExhaustiveDependencies: liveState is the signal to refetch
  useEffect(() => {
    void run(refresh);
  }, [run, refresh, props.liveState]);
  if (!status) return <section className="minutes" data-testid="minutes-screen" />;
  const readable = ['chair', 'secretary', 'secretariat'].includes(me.role) || status.state === 'published';
  return (
    <section className="minutes" data-testid="minutes-screen">
      <header className="minutes__head">
        <h2>{t('minutes.title')}</h2>
        <span className={`minutes__state minutes__state--${status.state}`} data-testid="minutes-state">
          {t(`minutes.state.${status.state}`)}
        </span>
        {status.registerNumber && (
          <span>{t('minutes.registerNumber', { number: status.registerNumber })}</span>
        )}
        {me.role === 'chair' && status.state === 'draft' && (
          <button
            type="button"
            className="button"
            data-testid="minutes-finalise"
            disabled={action.busy}
            onClick={() => {
              if (!window.confirm(t('minutes.confirmFinalise'))) return;
              void action.run(async () =>
                setStatus(await call(ROUTES.finaliseMinutes, { params: { meetingId } })),
              );
            }}
          >
            {t('minutes.finalise')}
          </button>
        )}
        {me.role === 'chair' && status.state === 'final' && (
          <button
            type="button"
            className="button"
            data-testid="minutes-publish"
            disabled={action.busy}
            onClick={() =>
              void action.run(async () =>
                setStatus(await call(ROUTES.publishMinutes, { params: { meetingId } })),
              )
            }
          >
            {t('minutes.publish')}
          </button>
        )}
      </header>
      {action.error && (
        <p role="alert" className="minutes__error">
          {action.error}
        </p>
      )}
      {status.sha256 && <p className="minutes__hash">{t('minutes.sha256', { hash: status.sha256 })}</p>}
      {(mayExportMinutes(me.role, status) || noticeAccess(me.role).sees) && (
        <div className="minutes__outputs">
          {mayExportMinutes(me.role, status) && (
            <MinutesExports
              call={call}
              meetingId={meetingId}
              status={status}
              onUnauthenticated={props.onUnauthenticated}
            />
          )}
          {noticeAccess(me.role).sees && (
            <ConclusionNoticePanel
              call={call}
              meetingId={meetingId}
              role={me.role}
              minutesState={status.state}
              onUnauthenticated={props.onUnauthenticated}
            />
          )}
        </div>
      )}
      {readable ? (
        <MinutesEditor
          {...props}
          key={`${meetingId}:${status.state}`}
          editable={status.state === 'draft' && me.role === 'secretary'}
          onInsert={(kind, refId, afterIndex) =>
            void action.run(() =>
              call(ROUTES.insertMinutesRecord, { params: { meetingId }, body: { kind, refId, afterIndex } }),
            )
          }
        />
      ) : (
        <p>{t('minutes.notPublished')}</p>
      )}
      {status.state !== 'draft' && (
        <Addenda
          status={status}
          mayAdd={me.role === 'chair' || me.role === 'secretary'}
          onAdd={(text) =>
            void action.run(async () =>
              setStatus(await call(ROUTES.addMinutesAddendum, { params: { meetingId }, body: { text } })),
            )
          }
        />
      )}
    </section>
  );
}

function MinutesEditor(
  props: MinutesScreenProps & {
    editable: boolean;
    onInsert: (kind: RecordKind, refId: string, afterIndex: number | null) => void;
  },
) {
  const { t } = useTranslation();
  const { serverUrl, meetingId, token, me, editable, call } = props;
  const connection = useMemo(
    () => openMinutesDoc(serverUrl, meetingId, token),
    [serverUrl, meetingId, token],
  );
  useEffect(() => () => connection.destroy(), [connection]);
  /** Whether the secretary has put the cursor somewhere (else a record goes at the end). */
  const placed = useRef(false);
  const editor = useEditor(
    {
      editable,
      onFocus: () => {
        placed.current = true;
      },
      extensions: [
        // Yjs keeps the history: StarterKit's own undo would undo other people's typing.
        StarterKit.configure({
          undoRedo: false,
          blockquote: false,
          codeBlock: false,
          code: false,
          horizontalRule: false,
          strike: false,
          link: false,
          heading: { levels: [1, 2, 3] },
        }),
        RecordBlock,
        Collaboration.configure({ document: connection.doc }),
        CollaborationCaret.configure({
          provider: connection.provider,
          user: { name: me.name, color: colourOf(me.id) },
        }),
      ],
    },
    [connection, editable],
  );
  const [choices, setChoices] = useState<RecordChoices | null>(null);
  useEffect(() => {
    if (!editable) return;
    call(ROUTES.minutesRecordChoices, { params: { meetingId } }).then(setChoices, () => setChoices(null));
  }, [call, meetingId, editable]);
  /** After the top-level block holding the cursor (null: at the end, before any click). */
  const insert = (kind: RecordKind, refId: string) => {
    const at = editor && placed.current ? editor.state.selection.$from.index(0) : null;
    props.onInsert(kind, refId, at);
  };
  return (
    <div className="minutes__editor">
      {editable && editor && (
        <div className="minutes__toolbar" role="toolbar">
          <button type="button" onClick={() => editor.chain().focus().toggleBold().run()}>
            {t('minutes.bold')}
          </button>
          <button type="button" onClick={() => editor.chain().focus().toggleItalic().run()}>
            {t('minutes.italic')}
          </button>
          <button type="button" onClick={() => editor.chain().focus().toggleUnderline().run()}>
            {t('minutes.underline')}
          </button>
          <button type="button" onClick={() => editor.chain().focus().toggleHeading({ level: 3 }).run()}>
            {t('minutes.heading')}
          </button>
          <button type="button" onClick={() => editor.chain().focus().toggleBulletList().run()}>
            {t('minutes.bulletList')}
          </button>
          <button type="button" onClick={() => editor.chain().focus().toggleOrderedList().run()}>
            {t('minutes.orderedList')}
          </button>
          <select
            aria-label={t('minutes.insertVote')}
            data-testid="minutes-insert-vote"
            value=""
            onChange={(e) => e.target.value && insert('vote', e.target.value)}
          >
            <option value="">{t('minutes.insertVote')}</option>
            {choices?.votes.map((v) => (
              <option key={v.id} value={v.id}>
                {v.title}
              </option>
            ))}
          </select>
          <select
            aria-label={t('minutes.insertSpeakers')}
            value=""
            onChange={(e) => e.target.value && insert('speakers', e.target.value)}
          >
            <option value="">{t('minutes.insertSpeakers')}</option>
            {choices?.items.map((i) => (
              <option key={i.id} value={i.id}>
                {i.title}
              </option>
            ))}
          </select>
          <button type="button" onClick={() => insert('attendance', meetingId)}>
            {t('minutes.insertAttendance')}
          </button>
        </div>
      )}
      <EditorContent editor={editor} className="minutes__text" data-testid="minutes-text" />
    </div>
  );
}

function Addenda(props: { status: MinutesStatus; mayAdd: boolean; onAdd: (text: string) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  return (
    <section className="minutes__addenda">
      <h3>{t('minutes.addendum')}</h3>
      <ol>
        {props.status.addenda.map((a) => (
          <li key={a.seq}>
            {a.text} <small>({a.by})</small>
          </li>
        ))}
      </ol>
      {props.mayAdd && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (text.trim()) props.onAdd(text.trim());
            setText('');
          }}
        >
          <textarea
            value={text}
            onChange={(e) => setText(e.target.value)}
            data-testid="minutes-addendum-text"
          />
          <button type="submit" className="button">
            {t('minutes.addAddendum')}
          </button>
        </form>
      )}
    </section>
  );
}
