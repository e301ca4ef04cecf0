import type { MeetingDocument } from '#common/schemas/document';
import {
  type AgendaItem,
  CreateAgendaItemRequestSchema,
  type MoveAgendaItemRequest,
  type UpdateAgendaItemRequest,
  UpdateAgendaItemRequestSchema,
} from '#common/schemas/meeting';
import type { Participant } from '#common/schemas/participant';
import {
  type DragEvent,
  type FormEvent,
  type KeyboardEvent,
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useTranslation } from 'react-i18next';
import { FieldError } from '../../components/FieldError';
import { formatDuration } from '../../lib/format';
import {
  type FieldIssues,
  fieldAria,
  hasIssues,
  issuesFor,
  maxLengthOf,
  numberFromInput,
  rangeOf,
} from '../../lib/form-issues';
import { type AgendaNode, buildAgendaTree } from '../meeting/agenda-tree';
import {
  type DropZone,
  dropMoveTarget,
  flatten,
  type KeyboardMove,
  keyboardMoveTarget,
  locate,
} from './agenda-moves';
import { BulkDocumentsBar, type DocumentSelection, DocumentSelectionProvider } from './BulkDocuments';
import { dragHasFiles, ItemDocuments } from './ItemDocuments';
import { type Failure, FailureMessage, failureIssues, usePrepare } from './prepare-context';
import { type UploadEntry, useUploads } from './use-uploads';

/** Typing aids read from the request schemas (the schemas themselves are the rule). */
const LIMITS = {
  title: maxLengthOf(UpdateAgendaItemRequestSchema.shape.title),
  presenter: maxLengthOf(UpdateAgendaItemRequestSchema.shape.presenter),
  description: maxLengthOf(UpdateAgendaItemRequestSchema.shape.description),
  minutes: rangeOf(UpdateAgendaItemRequestSchema.shape.durationMinutes),
};

/** The fields of an item a problem can be shown beside (the request's names). */
const ITEM_FIELDS = ['title', 'presenter', 'durationMinutes', 'description'] as const;

/**
 * Checks a new item's title with the create request's schema. Returns the problems (by the
 * request's field names) so the form can show them beside the title.
 */
function checkNewItem(parentId: string | null, title: string): FieldIssues {
  return issuesFor(CreateAgendaItemRequestSchema, { parentId, title });
}

/** The drag type of an agenda row, so a row drag is never mistaken for files or text. */
const ROW_DRAG_TYPE = 'application/x-paperless-agenda-item';

/** Props of {@link AgendaEditor}. */
export interface AgendaEditorProps {
  agenda: readonly AgendaItem[];
  documents: readonly MeetingDocument[];
  participants: readonly Participant[] | null;
  /**
   * Replaces the agenda: with the whole list (after a move the server answers with all of it),
   * or with an update of the current list (so a refetch that lands first is not undone).
   */
  onAgenda: (agenda: AgendaItem[] | ((current: AgendaItem[]) => AgendaItem[])) => void;
  onDocument: (document: MeetingDocument) => void;
  onDocumentDeleted: (documentId: string) => void;
  /** Refetches the meeting (after changes whose effects only the server knows). */
  reload: () => void;
}

/** Everything a row needs from the editor, passed down as one object. */
interface RowContext {
  tree: readonly AgendaNode[];
  documentsByItem: ReadonlyMap<string, MeetingDocument[]>;
  uploadsByItem: ReadonlyMap<string | null, UploadEntry[]>;
  participants: readonly Participant[] | null;
  dragging: string | null;
  drop: { id: string; zone: DropZone | 'files' } | null;
  busy: boolean;
  helpId: string;
  setDragging: (id: string | null) => void;
  setDrop: (drop: { id: string; zone: DropZone | 'files' } | null) => void;
  move: (id: string, request: MoveAgendaItemRequest) => Promise<void>;
  keyboardMove: (id: string, move: KeyboardMove) => void;
  focusRow: (id: string) => void;
  saveItem: (id: string, patch: UpdateAgendaItemRequest) => Promise<void>;
  createItem: (parentId: string | null, title: string) => Promise<void>;
  deleteItem: (id: string) => Promise<void>;
  startUploads: (agendaItemId: string | null, files: File[]) => void;
  cancelUpload: (key: string) => void;
  dismissUpload: (key: string) => void;
  onDocument: (document: MeetingDocument) => void;
  moveDocument: (document: MeetingDocument, direction: -1 | 1) => Promise<void>;
  onDocumentDeleted: (documentId: string) => void;
  reload: () => void;
}

function groupBy<T, K>(list: readonly T[], key: (value: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const value of list) {
    const k = key(value);
    const entries = map.get(k) ?? [];
    entries.push(value);
    map.set(k, entries);
  }
  return map;
}

/** Where in a row the pointer is: the top third drops before, the bottom third after, the middle into. */
function zoneAt(event: DragEvent<HTMLElement>): DropZone {
  const rect = event.currentTarget.getBoundingClientRect();
  const ratio = rect.height > 0 ? (event.clientY - rect.top) / rect.height : 0.5;
  if (ratio < 0.3) return 'before';
  if (ratio > 0.7) return 'after';
  return 'into';
}

/**
 * The agenda tree editor (soạn chương trình họp): add items and sub-items, edit them in place,
 * delete them, and reorder them by drag and drop or with Alt+arrow keys. Every move goes to
 * the server, and the tree is redrawn from the agenda it answers with.
 */
export function AgendaEditor({
  agenda,
  documents,
  participants,
  onAgenda,
  onDocument,
  onDocumentDeleted,
  reload,
}: AgendaEditorProps) {
  const { t } = useTranslation();
  const { prepareApi, meetingId, fail } = usePrepare();
  const helpId = useId();
  const newTitleId = useId();
  const tree = useMemo(() => buildAgendaTree(agenda), [agenda]);
  const [newTitle, setNewTitle] = useState('');
  const [newIssues, setNewIssues] = useState<FieldIssues>({});
  const [adding, setAdding] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState<string | null>(null);
  const [drop, setDrop] = useState<RowContext['drop']>(null);
  const [announcement, setAnnouncement] = useState('');
  /** Documents ticked for setting their type or grants at once (ids; deleted ones drop out below). */
  const [selectedIds, setSelectedIds] = useState<ReadonlySet<string>>(new Set());
  const selection = useMemo<DocumentSelection>(
    () => ({
      selected: selectedIds,
      toggle: (documentId, on) =>
        setSelectedIds((current) => {
          const next = new Set(current);
          if (on) next.add(documentId);
          else next.delete(documentId);
          return next;
        }),
    }),
    [selectedIds],
  );
  const selectedDocuments = documents.filter((document) => selectedIds.has(document.id));
  /** The row to focus once the tree has been redrawn (after a keyboard move). */
  const pendingFocus = useRef<string | null>(null);
  const listRef = useRef<HTMLDivElement>(null);

  const uploads = useUploads(onDocument);
  const uploadsByItem = useMemo(
    () => groupBy(uploads.entries, (entry) => entry.agendaItemId),
    [uploads.entries],
  );
  const documentsByItem = useMemo(() => {
    const map = groupBy(documents, (document) => document.agendaItemId ?? '');
    for (const list of map.values()) list.sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
    return map;
  }, [documents]);
  const itemIds = useMemo(() => new Set(agenda.map((item) => item.id)), [agenda]);
  // Documents of deleted items (and any whose item is gone) are shown apart, never lost.
  const unattached = useMemo(
    () =>
      documents
        .filter((document) => document.agendaItemId === null || !itemIds.has(document.agendaItemId))
        .sort((a, b) => a.position - b.position),
    [documents, itemIds],
  );

  const focusRow = useCallback((id: string) => {
    listRef.current?.querySelector<HTMLElement>(`[data-row-id="${CSS.escape(id)}"]`)?.focus();
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `tree` is the trigger: focus once the moved row is drawn
  useEffect(() => {
    if (pendingFocus.current === null) return;
    focusRow(pendingFocus.current);
    pendingFocus.current = null;
  }, [tree, focusRow]);

  const announce = (text: string) => {
    // Clearing first makes a repeated message ("moved to 2" twice) be read again.
    setAnnouncement('');
    window.setTimeout(() => setAnnouncement(text), 50);
  };

  const move = async (id: string, request: MoveAgendaItemRequest) => {
    const title = locate(tree, id)?.node.item.title ?? '';
    setBusy(true);
    setFailure(null);
    try {
      const next = await prepareApi.moveAgendaItem(id, request);
      pendingFocus.current = id;
      onAgenda(next);
      const number = locate(buildAgendaTree(next), id)?.node.number;
      announce(t('prepare.agenda.moved', { title, number: number ?? '?' }));
    } catch (error) {
      setFailure(fail(error));
      announce(t('prepare.agenda.moveFailed', { title }));
    } finally {
      setBusy(false);
    }
  };

  const keyboardMove = (id: string, direction: KeyboardMove) => {
    if (busy) return;
    const request = keyboardMoveTarget(tree, id, direction);
    const title = locate(tree, id)?.node.item.title ?? '';
    if (request === null) {
      announce(t(`prepare.agenda.cannotMove.${direction}`, { title }));
      return;
    }
    void move(id, request);
  };

  const createItem = async (parentId: string | null, title: string) => {
    const item = await prepareApi.createAgendaItem(meetingId, { parentId, title });
    onAgenda((current) => (current.some((entry) => entry.id === item.id) ? current : [...current, item]));
    announce(t('prepare.agenda.added', { title: item.title }));
  };

  const saveItem = async (id: string, patch: UpdateAgendaItemRequest) => {
    const saved = await prepareApi.updateAgendaItem(id, patch);
    onAgenda((current) => current.map((entry) => (entry.id === saved.id ? saved : entry)));
  };

  const deleteItem = async (id: string) => {
    const title = locate(tree, id)?.node.item.title ?? '';
    await prepareApi.deleteAgendaItem(id);
    // Sub-items go with their parent; drop them locally too until the reload arrives.
    onAgenda((current) => {
      const removed = new Set<string>([id]);
      let grew = true;
      while (grew) {
        grew = false;
        for (const item of current) {
          if (item.parentId !== null && removed.has(item.parentId) && !removed.has(item.id)) {
            removed.add(item.id);
            grew = true;
          }
        }
      }
      return current.filter((item) => !removed.has(item.id));
    });
    announce(t('prepare.agenda.deleted', { title }));
    reload();
  };

  const moveDocument = async (document: MeetingDocument, direction: -1 | 1) => {
    const siblings =
      document.agendaItemId && itemIds.has(document.agendaItemId)
        ? (documentsByItem.get(document.agendaItemId) ?? [])
        : unattached;
    const index = siblings.findIndex((entry) => entry.id === document.id);
    const target = index + direction;
    if (index < 0 || target < 0 || target >= siblings.length) return;
    const order = [...siblings];
    [order[index], order[target]] = [order[target] as MeetingDocument, order[index] as MeetingDocument];
    // The server renumbers the siblings on every move; writing each changed row (usually two)
    // also brings this screen's copies of them up to date from the answers.
    for (const [position, entry] of order.entries()) {
      if (entry.position !== position) onDocument(await prepareApi.updateDocument(entry.id, { position }));
    }
  };

  const addTopLevel = async (event: FormEvent) => {
    event.preventDefault();
    const problems = checkNewItem(null, newTitle);
    setNewIssues(problems);
    if (hasIssues(problems)) return;
    setAdding(true);
    setFailure(null);
    try {
      await createItem(null, newTitle.trim());
      setNewTitle('');
    } catch (error) {
      const failed = fail(error);
      setFailure(failed);
      setNewIssues(failureIssues(failed));
    } finally {
      setAdding(false);
    }
  };

  const context: RowContext = {
    tree,
    documentsByItem,
    uploadsByItem,
    participants,
    dragging,
    drop,
    busy,
    helpId,
    setDragging,
    setDrop,
    move,
    keyboardMove,
    focusRow,
    saveItem,
    createItem,
    deleteItem,
    startUploads: uploads.start,
    cancelUpload: uploads.cancel,
    dismissUpload: uploads.dismiss,
    onDocument,
    moveDocument,
    onDocumentDeleted,
    reload,
  };

  return (
    <DocumentSelectionProvider value={selection}>
      <div className="prep-agenda" ref={listRef}>
        <p id={helpId} className="prep-help">
          {t('prepare.agenda.keyboardHelp')}
        </p>
        {selectedDocuments.length > 0 && (
          <BulkDocumentsBar
            documents={selectedDocuments}
            participants={participants}
            onDocument={onDocument}
            onClear={() => setSelectedIds(new Set())}
            reload={reload}
          />
        )}
        <p className="visually-hidden" aria-live="polite" data-testid="agenda-announcer">
          {announcement}
        </p>
        {failure && <FailureMessage failure={failure} testId="agenda-error" fields={ITEM_FIELDS} />}

        {tree.length === 0 ? (
          <p className="muted" data-testid="agenda-empty">
            {t('prepare.agenda.empty')}
          </p>
        ) : (
          <EditorList nodes={tree} context={context} />
        )}

        <form className="prep-add" onSubmit={(event) => void addTopLevel(event)} noValidate>
          <label htmlFor={newTitleId} className="prep-add__label">
            {t('prepare.agenda.newTitle')}
          </label>
          <input
            id={newTitleId}
            data-testid="agenda-new-title"
            value={newTitle}
            maxLength={LIMITS.title}
            placeholder={t('prepare.agenda.newTitlePlaceholder')}
            {...fieldAria(newIssues.title, `${newTitleId}-error`)}
            onChange={(event) => setNewTitle(event.target.value)}
          />
          <button type="submit" className="button button--primary" data-testid="agenda-add" disabled={adding}>
            + {t('prepare.agenda.add')}
          </button>
          <FieldError id={`${newTitleId}-error`} issue={newIssues.title} testId="agenda-new-title-error" />
        </form>

        <section className="prep-unattached" aria-labelledby={`${helpId}-unattached`}>
          <h4 id={`${helpId}-unattached`} className="prep-unattached__heading">
            {t('prepare.documents.unattached')}
          </h4>
          <p className="field__hint">{t('prepare.documents.unattachedHint')}</p>
          <ItemDocuments
            itemId={null}
            itemTitle={null}
            documents={unattached}
            uploads={uploadsByItem.get(null) ?? []}
            participants={participants}
            onFiles={(files) => uploads.start(null, files)}
            onCancelUpload={uploads.cancel}
            onDismissUpload={uploads.dismiss}
            onDocumentChanged={onDocument}
            onMoveDocument={moveDocument}
            onDocumentDeleted={onDocumentDeleted}
            onReload={reload}
          />
        </section>
      </div>
    </DocumentSelectionProvider>
  );
}

function EditorList({ nodes, context }: { nodes: readonly AgendaNode[]; context: RowContext }) {
  return (
    <ol className="prep-tree">
      {nodes.map((node) => (
        <EditorRow key={node.item.id} node={node} context={context} />
      ))}
    </ol>
  );
}

const MOVE_KEYS: Record<string, KeyboardMove> = {
  ArrowUp: 'up',
  ArrowDown: 'down',
  ArrowRight: 'indent',
  ArrowLeft: 'outdent',
};

/** One agenda item: its row (focusable, draggable), its editors, its documents, its sub-items. */
function EditorRow({ node, context }: { node: AgendaNode; context: RowContext }) {
  const { t } = useTranslation();
  const { fail } = usePrepare();
  const { item } = node;
  const id = useId();
  const [mode, setMode] = useState<'view' | 'edit' | 'addChild' | 'confirmDelete'>('view');
  const [failure, setFailure] = useState<Failure | null>(null);
  const [working, setWorking] = useState(false);
  const [childTitle, setChildTitle] = useState('');
  const [childIssues, setChildIssues] = useState<FieldIssues>({});
  const dropHere = context.drop?.id === item.id ? context.drop.zone : null;
  const dragged = context.dragging === item.id;

  /** Runs `action`; resolves with its failure (null when it succeeded or the session ended). */
  const run = async (action: () => Promise<void>): Promise<Failure | null> => {
    setWorking(true);
    setFailure(null);
    try {
      await action();
      return null;
    } catch (error) {
      const failed = fail(error);
      setFailure(failed);
      return failed;
    } finally {
      setWorking(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // Only the row itself: arrow keys inside its inputs and buttons keep their usual meaning.
    if (event.target !== event.currentTarget) return;
    if (event.altKey && !event.ctrlKey && !event.metaKey && MOVE_KEYS[event.key]) {
      event.preventDefault();
      context.keyboardMove(item.id, MOVE_KEYS[event.key] as KeyboardMove);
      return;
    }
    if (!event.altKey && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      const rows = flatten(context.tree);
      const index = rows.findIndex((row) => row.item.id === item.id);
      const next = rows[index + (event.key === 'ArrowDown' ? 1 : -1)];
      if (next) {
        event.preventDefault();
        context.focusRow(next.item.id);
      }
    }
  };

  const onDragStart = (event: DragEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget) return;
    event.dataTransfer.setData(ROW_DRAG_TYPE, item.id);
    event.dataTransfer.setData('text/plain', `${node.number}. ${item.title}`);
    event.dataTransfer.effectAllowed = 'move';
    context.setDragging(item.id);
  };

  const onDragOver = (event: DragEvent<HTMLDivElement>) => {
    if (dragHasFiles(event)) {
      // Files dropped on a row go to that item, like the drop zone below it.
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
      if (dropHere !== 'files') context.setDrop({ id: item.id, zone: 'files' });
      return;
    }
    if (context.dragging === null) return;
    const zone = zoneAt(event);
    if (dropMoveTarget(context.tree, context.dragging, item.id, zone) === null) {
      if (dropHere !== null) context.setDrop(null);
      return;
    }
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    if (dropHere !== zone) context.setDrop({ id: item.id, zone });
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    context.setDrop(null);
    if (dragHasFiles(event)) {
      event.preventDefault();
      const files = Array.from(event.dataTransfer.files);
      if (files.length > 0) context.startUploads(item.id, files);
      return;
    }
    const draggedId = event.dataTransfer.getData(ROW_DRAG_TYPE) || context.dragging;
    context.setDragging(null);
    if (!draggedId) return;
    const request = dropMoveTarget(context.tree, draggedId, item.id, zoneAt(event));
    if (request === null) return;
    event.preventDefault();
    void context.move(draggedId, request);
  };

  const rowClass = [
    'prep-row',
    dragged ? 'prep-row--dragging' : '',
    dropHere ? `prep-row--drop-${dropHere}` : '',
  ]
    .filter(Boolean)
    .join(' ');

  return (
    <li
      className={`prep-item prep-item--depth-${Math.min(node.depth, 3)}`}
      data-testid="agenda-item"
      data-item-id={item.id}
      data-number={node.number}
    >
      {/* biome-ignore lint/a11y/useSemanticElements: a fieldset cannot be a draggable, focusable row */}
      <div
        className={rowClass}
        role="group"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the row takes focus so Alt+arrows can move it
        tabIndex={0}
        data-row-id={item.id}
        data-testid="agenda-row"
        aria-label={t('prepare.agenda.rowLabel', { number: node.number, title: item.title })}
        aria-describedby={context.helpId}
        draggable={mode === 'view'}
        onKeyDown={onKeyDown}
        onDragStart={onDragStart}
        onDragEnd={() => {
          context.setDragging(null);
          context.setDrop(null);
        }}
        onDragOver={onDragOver}
        onDragLeave={(event) => {
          if (!event.currentTarget.contains(event.relatedTarget as Node | null) && dropHere !== null)
            context.setDrop(null);
        }}
        onDrop={onDrop}
      >
        <span className="prep-row__grip" aria-hidden="true" title={t('prepare.agenda.dragHint')}>
          ⋮⋮
        </span>
        <span className="prep-row__number" data-testid="agenda-item-number">
          {node.number}.
        </span>
        <div className="prep-row__main">
          {mode === 'edit' ? (
            <ItemForm
              item={item}
              busy={working}
              onCancel={() => setMode('view')}
              onSave={(patch) =>
                run(async () => {
                  await context.saveItem(item.id, patch);
                  setMode('view');
                })
              }
            />
          ) : (
            <>
              <p className="prep-row__title" data-testid="agenda-item-title">
                {item.title}
              </p>
              <p className="prep-row__meta">
                {item.presenter && (
                  <span>
                    <span className="prep-row__label">{t('agenda.presenter')}:</span> {item.presenter}
                  </span>
                )}
                {item.durationMinutes > 0 && (
                  <span>
                    <span className="prep-row__label">{t('agenda.duration')}:</span>{' '}
                    {formatDuration(item.durationMinutes, t)}
                  </span>
                )}
              </p>
              {item.description && <p className="prep-row__description">{item.description}</p>}
            </>
          )}
        </div>
        {mode !== 'edit' && (
          <div className="prep-row__actions">
            <button
              type="button"
              className="button button--small"
              data-testid="agenda-item-edit"
              onClick={() => setMode('edit')}
            >
              {t('prepare.edit')}
            </button>
            <button
              type="button"
              className="button button--small"
              data-testid="agenda-item-add-child"
              aria-expanded={mode === 'addChild'}
              onClick={() => setMode(mode === 'addChild' ? 'view' : 'addChild')}
            >
              + {t('prepare.agenda.addChild')}
            </button>
            <button
              type="button"
              className="button button--small button--danger"
              data-testid="agenda-item-delete"
              onClick={() => setMode('confirmDelete')}
            >
              {t('prepare.delete')}
            </button>
          </div>
        )}
      </div>

      {failure && <FailureMessage failure={failure} fields={ITEM_FIELDS} />}

      {mode === 'confirmDelete' && (
        <div className="prep-confirm" role="alertdialog" aria-labelledby={`${id}-confirm`}>
          <p id={`${id}-confirm`}>
            {node.children.length > 0
              ? t('prepare.agenda.confirmDeleteWithChildren', {
                  title: item.title,
                  count: node.children.length,
                })
              : t('prepare.agenda.confirmDelete', { title: item.title })}
          </p>
          <button
            type="button"
            className="button button--small button--danger"
            // biome-ignore lint/a11y/noAutofocus: the confirmation was just asked for; focus its answer
            autoFocus
            aria-describedby={`${id}-confirm`}
            data-testid="agenda-item-delete-confirm"
            disabled={working}
            onClick={() => void run(() => context.deleteItem(item.id))}
          >
            {t('prepare.delete')}
          </button>
          <button type="button" className="button button--small" onClick={() => setMode('view')}>
            {t('prepare.cancel')}
          </button>
        </div>
      )}

      {mode === 'addChild' && (
        <form
          className="prep-add prep-add--child"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            const problems = checkNewItem(item.id, childTitle);
            setChildIssues(problems);
            if (hasIssues(problems)) return;
            void run(async () => {
              await context.createItem(item.id, childTitle.trim());
              setChildTitle('');
              setMode('view');
            }).then((failed) => setChildIssues(failureIssues(failed)));
          }}
        >
          <label htmlFor={`${id}-child`} className="prep-add__label">
            {t('prepare.agenda.childTitle', { number: node.number })}
          </label>
          <input
            id={`${id}-child`}
            data-testid="agenda-child-title"
            value={childTitle}
            maxLength={LIMITS.title}
            // biome-ignore lint/a11y/noAutofocus: opened on purpose by the button just pressed
            autoFocus
            {...fieldAria(childIssues.title, `${id}-child-error`)}
            onChange={(event) => setChildTitle(event.target.value)}
          />
          <button
            type="submit"
            className="button button--primary button--small"
            data-testid="agenda-child-add"
            disabled={working}
          >
            {t('prepare.agenda.add')}
          </button>
          <button type="button" className="button button--small" onClick={() => setMode('view')}>
            {t('prepare.cancel')}
          </button>
          <FieldError id={`${id}-child-error`} issue={childIssues.title} testId="agenda-child-title-error" />
        </form>
      )}

      <ItemDocuments
        itemId={item.id}
        itemTitle={item.title}
        documents={context.documentsByItem.get(item.id) ?? []}
        uploads={context.uploadsByItem.get(item.id) ?? []}
        participants={context.participants}
        onFiles={(files) => context.startUploads(item.id, files)}
        onCancelUpload={context.cancelUpload}
        onDismissUpload={context.dismissUpload}
        onDocumentChanged={context.onDocument}
        onMoveDocument={context.moveDocument}
        onDocumentDeleted={context.onDocumentDeleted}
        onReload={context.reload}
      />

      {node.children.length > 0 && <EditorList nodes={node.children} context={context} />}
    </li>
  );
}

/** Props of {@link ItemForm}. */
interface ItemFormProps {
  item: AgendaItem;
  busy: boolean;
  /** Saves the patch; resolves with the failure, if any (its field issues are shown here). */
  onSave: (patch: UpdateAgendaItemRequest) => Promise<Failure | null>;
  onCancel: () => void;
}

/** Edits one agenda item in place: title, presenter, planned minutes, description. */
function ItemForm({ item, busy, onSave, onCancel }: ItemFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const [title, setTitle] = useState(item.title);
  const [presenter, setPresenter] = useState(item.presenter);
  const [minutes, setMinutes] = useState(item.durationMinutes > 0 ? String(item.durationMinutes) : '');
  const [description, setDescription] = useState(item.description);
  const [errors, setErrors] = useState<FieldIssues>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // An empty planned time means "not planned" (0); anything else is checked by the schema.
    const values = {
      title: title.trim(),
      presenter: presenter.trim(),
      durationMinutes: minutes.trim() === '' ? 0 : numberFromInput(minutes),
      description: description.trim(),
    };
    const problems = issuesFor(UpdateAgendaItemRequestSchema, values);
    setErrors(problems);
    if (hasIssues(problems)) return;
    const patch: UpdateAgendaItemRequest = {};
    if (values.title !== item.title) patch.title = values.title;
    if (values.presenter !== item.presenter) patch.presenter = values.presenter;
    if (values.durationMinutes !== item.durationMinutes) patch.durationMinutes = values.durationMinutes;
    if (values.description !== item.description) patch.description = values.description;
    if (Object.keys(patch).length === 0) {
      onCancel();
      return;
    }
    void onSave(patch).then((failed) => setErrors(failureIssues(failed)));
  };

  /** ARIA attributes and message of a field's problem. */
  const problem = (field: (typeof ITEM_FIELDS)[number]) => fieldAria(errors[field], `${id}-${field}-error`);
  const message = (field: (typeof ITEM_FIELDS)[number]) => (
    <FieldError id={`${id}-${field}-error`} issue={errors[field]} testId={`agenda-edit-${field}-error`} />
  );

  return (
    <form
      className="prep-item-form"
      data-testid="agenda-item-form"
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
      noValidate
    >
      <div className="field prep-item-form__wide">
        <label htmlFor={`${id}-title`}>{t('prepare.agenda.title')}</label>
        <input
          id={`${id}-title`}
          data-testid="agenda-edit-title"
          value={title}
          maxLength={LIMITS.title}
          // biome-ignore lint/a11y/noAutofocus: the form was opened on purpose by the button just pressed
          autoFocus
          {...problem('title')}
          onChange={(event) => setTitle(event.target.value)}
        />
        {message('title')}
      </div>
      <div className="field">
        <label htmlFor={`${id}-presenter`}>{t('agenda.presenter')}</label>
        <input
          id={`${id}-presenter`}
          data-testid="agenda-edit-presenter"
          value={presenter}
          maxLength={LIMITS.presenter}
          {...problem('presenter')}
          onChange={(event) => setPresenter(event.target.value)}
        />
        {message('presenter')}
      </div>
      <div className="field">
        <label htmlFor={`${id}-minutes`}>{t('prepare.agenda.minutes')}</label>
        <input
          id={`${id}-minutes`}
          data-testid="agenda-edit-minutes"
          type="number"
          inputMode="numeric"
          min={LIMITS.minutes.min}
          max={LIMITS.minutes.max}
          step={5}
          value={minutes}
          {...problem('durationMinutes')}
          onChange={(event) => setMinutes(event.target.value)}
        />
        {message('durationMinutes')}
      </div>
      <div className="field prep-item-form__wide">
        <label htmlFor={`${id}-description`}>{t('prepare.agenda.description')}</label>
        <textarea
          id={`${id}-description`}
          data-testid="agenda-edit-description"
          rows={2}
          maxLength={LIMITS.description}
          value={description}
          {...problem('description')}
          onChange={(event) => setDescription(event.target.value)}
        />
        {message('description')}
      </div>
      <div className="prepare-actions prep-item-form__wide">
        <button
          type="submit"
          className="button button--primary button--small"
          data-testid="agenda-edit-save"
          disabled={busy}
        >
          {busy ? t('prepare.saving') : t('prepare.save')}
        </button>
        <button type="button" className="button button--small" onClick={onCancel} disabled={busy}>
          {t('prepare.cancel')}
        </button>
      </div>
    </form>
  );
}
