import { ANNOTATION_COLORS, ANNOTATION_LIMITS, type Annotation } from '#common/schemas/annotation';
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
import type { DocumentView } from '../../lib/pdf/viewer';
import { PageOverlayPortals, type PageOverlay, type RenderPageOverlay } from '../viewer/page-overlays';
import {
  AnnotationPage,
  type AnnotationDraft,
  type PageActions,
  type PlacedAnnotation,
} from './AnnotationPage';
import { useAnnotationSession } from './annotation-session';
import { newAnnotationId, type OwnAnnotations, type OwnAnnotationsSnapshot } from './annotation-store';
import { AnnotationToolbar } from './AnnotationToolbar';
import { translateAnnotation } from './geometry';
import { selectedTextByPage } from './text-selection';
import type { AnnotationTool, ToolSettings } from './tool-state';
import { useOwnAnnotations } from './use-own-annotations';
import './annotations.css';

/** Another author's shared layer, as the sharing part hands it to the overlay (read-only). */
export interface OtherAuthorLayer {
  readonly authorId: string;
  readonly authorName: string;
  /** Their colour (`#rrggbb`): all their annotations are drawn in it. */
  readonly color: string;
  readonly annotations: readonly Annotation[];
}

/** What the parts of the viewer built on the tools (sharing, the side panel) reach through context. */
export interface AnnotationsContextValue {
  readonly own: OwnAnnotations;
  readonly snapshot: OwnAnnotationsSnapshot;
  readonly selectedId: string | null;
  select(id: string | null): void;
  /** Other people's shared layers to draw, read-only; the sharing part sets them. */
  setOthers(layers: readonly OtherAuthorLayer[]): void;
}

const AnnotationsContext = createContext<AnnotationsContextValue | null>(null);

/** The tools' state, inside {@link AnnotationTools} (null elsewhere, or without a session). */
export function useAnnotations(): AnnotationsContextValue | null {
  return useContext(AnnotationsContext);
}

export interface AnnotationToolsProps {
  view: DocumentView;
  documentId: string;
  /** "No export" documents have no text layer, so no highlights. */
  noTextLayer: boolean;
  overlays: readonly PageOverlay[];
  /** The page being read (a bookmark marks it). */
  page: number;
  /** The viewer's dialog: keys and selections count only inside it. */
  dialog: React.RefObject<HTMLDivElement | null>;
  /** More actions for the selected annotation and more controls (sharing), inside the context. */
  children?: ReactNode;
}

const NO_ANNOTATIONS: readonly PlacedAnnotation[] = [];

/**
 * The annotations to draw, by page, built in one pass whenever a layer changes. A page whose
 * annotations are the same as before keeps its array (and each annotation its placed object),
 * so a change on one page draws that page's overlay again and no other.
 */
function usePageBuckets(
  own: readonly Annotation[],
  shared: readonly Annotation[],
  others: readonly OtherAuthorLayer[],
): ReadonlyMap<number, readonly PlacedAnnotation[]> {
  const placedOf = useRef(new WeakMap<Annotation, PlacedAnnotation>());
  const previous = useRef<ReadonlyMap<number, readonly PlacedAnnotation[]>>(new Map());
  return useMemo(() => {
    const byPage = new Map<number, PlacedAnnotation[]>();
    const add = (annotation: Annotation, layer: 'private' | 'shared', authorColor?: string): void => {
      let placed = placedOf.current.get(annotation);
      if (
        !placed ||
        placed.layer !== layer ||
        placed.readOnly !== (authorColor !== undefined) ||
        placed.authorColor !== authorColor
      ) {
        placed =
          authorColor === undefined
            ? { annotation, layer, readOnly: false }
            : { annotation, layer, readOnly: true, authorColor };
        placedOf.current.set(annotation, placed);
      }
      const bucket = byPage.get(annotation.page);
      if (bucket) bucket.push(placed);
      else byPage.set(annotation.page, [placed]);
    };
    for (const layer of others)
      for (const annotation of layer.annotations) add(annotation, 'shared', layer.color);
    for (const annotation of own) add(annotation, 'private');
    for (const annotation of shared) add(annotation, 'shared');
    const result = new Map<number, readonly PlacedAnnotation[]>();
    for (const [page, bucket] of byPage) {
      const before = previous.current.get(page);
      const same = before?.length === bucket.length && bucket.every((p, i) => before[i] === p);
      result.set(page, same && before ? before : bucket);
    }
    previous.current = result;
    return result;
  }, [own, shared, others]);
}

const isTextField = (el: Element | null): boolean =>
  el instanceof HTMLTextAreaElement ||
  (el instanceof HTMLInputElement && !['button', 'checkbox', 'radio'].includes(el.type)) ||
  (el instanceof HTMLElement && el.isContentEditable);

/**
 * The annotation tools of the viewer: the toolbar, one overlay per page drawing the user's own
 * layers (and others' shared ones, read-only), the gestures, the keys (Ctrl+Z / Ctrl+Shift+Z or
 * Ctrl+Y, Delete, Escape, Enter to edit, arrows to nudge) and the undo of this user's edits only.
 * Renders nothing without a signed-in session.
 */
export function AnnotationTools(props: AnnotationToolsProps) {
  const session = useAnnotationSession();
  const { own, snapshot } = useOwnAnnotations(session, props.documentId);
  if (!session || !own) return null;
  return <LoadedTools {...props} own={own} snapshot={snapshot} />;
}

function LoadedTools({
  view,
  noTextLayer,
  overlays,
  page,
  dialog,
  children,
  own,
  snapshot,
}: AnnotationToolsProps & { own: OwnAnnotations; snapshot: OwnAnnotationsSnapshot }) {
  const { t } = useTranslation();
  const [settings, setSettings] = useState<ToolSettings>({
    tool: 'select',
    color: 'yellow',
    width: 2,
    fontSize: 14,
  });
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [editingId, setEditingId] = useState<string | null>(null);
  const [others, setOthers] = useState<readonly OtherAuthorLayer[]>([]);

  const draftCommon = useCallback(
    (pageNumber: number) => {
      const now = new Date().toISOString();
      return {
        id: newAnnotationId(),
        page: pageNumber,
        authorId: own.author.id,
        authorName: own.author.name.slice(0, ANNOTATION_LIMITS.authorNameChars),
        createdAt: now,
        updatedAt: now,
      };
    },
    [own],
  );

  const create = useCallback(
    (pageNumber: number, draft: AnnotationDraft, edit: boolean) => {
      const annotation = { ...draftCommon(pageNumber), ...draft } as Annotation;
      try {
        own.create(annotation);
      } catch (error) {
        console.warn('annotation refused', error);
        return;
      }
      setSelectedId(annotation.id);
      setEditingId(edit ? annotation.id : null);
    },
    [own, draftCommon],
  );

  /** Highlights the text selected in the pages, one highlight per page. */
  const highlightSelection = useCallback((): boolean => {
    const root = dialog.current;
    if (!root || noTextLayer) return false;
    const selection = window.getSelection();
    const parts = selectedTextByPage(
      selection,
      { element: (n) => view.pageElement(n), mapping: (n) => view.geometry(n) },
      root,
    );
    for (const part of parts) {
      create(
        part.pageNumber,
        {
          kind: 'highlight',
          quads: part.quads.slice(0, ANNOTATION_LIMITS.quads),
          quotedText: part.text.slice(0, ANNOTATION_LIMITS.quotedChars),
          color: ANNOTATION_COLORS[settings.color],
        },
        false,
      );
    }
    if (parts.length > 0) selection?.removeAllRanges();
    return parts.length > 0;
  }, [dialog, noTextLayer, view, create, settings.color]);

  // With the highlight tool on, letting go of a selection in the pages highlights it.
  useEffect(() => {
    if (settings.tool !== 'highlight') return;
    const onUp = (event: PointerEvent): void => {
      const target = event.target as Element | null;
      if (!target?.closest('.textLayer')) return;
      // After the browser has finished the selection.
      window.setTimeout(highlightSelection, 0);
    };
    window.addEventListener('pointerup', onUp);
    return () => window.removeEventListener('pointerup', onUp);
  }, [settings.tool, highlightSelection]);

  const chooseTool = useCallback(
    (tool: AnnotationTool) => {
      setEditingId(null);
      if (tool === 'highlight') {
        // A selection made first (with the mouse or the keyboard) is highlighted at once.
        highlightSelection();
      }
      if (tool === 'bookmark') {
        create(page, { kind: 'bookmark', label: t('annotations.bookmarkDefault', { page }) }, true);
        setSettings((s) => ({ ...s, tool: 'select' }));
        return;
      }
      if (tool !== 'select') setSelectedId(null);
      setSettings((s) => ({ ...s, tool }));
    },
    [highlightSelection, create, page, t],
  );

  const undo = useCallback(() => {
    setEditingId(null);
    own.undo.undo();
  }, [own]);
  const redo = useCallback(() => {
    setEditingId(null);
    own.undo.redo();
  }, [own]);
  const remove = useCallback(() => {
    if (selectedId === null) return;
    own.remove([selectedId]);
    setSelectedId(null);
    setEditingId(null);
  }, [own, selectedId]);

  // A selected annotation that went away (undone, erased, removed elsewhere) is no longer selected.
  useEffect(() => {
    const present = (a: Annotation): boolean => a.id === selectedId;
    if (selectedId !== null && !snapshot.private.some(present) && !snapshot.shared.some(present)) {
      setSelectedId(null);
      setEditingId(null);
    }
  }, [snapshot, selectedId]);

  // Pressing anywhere on the pages but an annotation clears the selection.
  useEffect(() => {
    const root = dialog.current;
    if (!root) return;
    const onDown = (event: PointerEvent): void => {
      const target = event.target as Element | null;
      if (
        !target?.closest('.pdfViewer') ||
        target.closest('[data-annotation-id], [data-testid="ann-editor"]')
      )
        return;
      setSelectedId(null);
    };
    root.addEventListener('pointerdown', onDown);
    return () => root.removeEventListener('pointerdown', onDown);
  }, [dialog]);

  // Keys, before the viewer's own (which would close the viewer on Escape, turn pages on arrows).
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      const root = dialog.current;
      const active = document.activeElement;
      if (!root || !(active === document.body || root.contains(active)) || isTextField(active)) return;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      let handled = true;
      if (mod && key === 'z' && !event.shiftKey) undo();
      else if (mod && ((key === 'z' && event.shiftKey) || key === 'y')) redo();
      else if (selectedId !== null && (event.key === 'Delete' || event.key === 'Backspace')) remove();
      else if (event.key === 'Escape' && (selectedId !== null || settings.tool !== 'select')) {
        setSelectedId(null);
        setSettings((s) => ({ ...s, tool: 'select' }));
      } else if (event.key === 'Enter' && selectedId !== null && !mod) {
        const a = own.find(selectedId);
        if (a && (a.kind === 'note' || a.kind === 'textbox' || a.kind === 'bookmark'))
          setEditingId(selectedId);
        else handled = false;
      } else if (selectedId !== null && event.key.startsWith('Arrow') && !mod) {
        const a = own.find(selectedId);
        const geometry = a ? view.geometry(a.page) : null;
        if (!a || !geometry) return;
        const step = event.shiftKey ? 10 : 1;
        const dx = event.key === 'ArrowLeft' ? -step : event.key === 'ArrowRight' ? step : 0;
        const dy = event.key === 'ArrowUp' ? -step : event.key === 'ArrowDown' ? step : 0;
        // Screen directions, whatever the rotation: through the page's mapping.
        const [x0, y0] = geometry.toPdf(0, 0);
        const [x1, y1] = geometry.toPdf(dx, dy);
        const k = Math.hypot(x1 - x0, y1 - y0) === 0 ? 1 : step / Math.hypot(x1 - x0, y1 - y0);
        own.update(translateAnnotation(a, (x1 - x0) * k, (y1 - y0) * k));
      } else handled = false;
      if (handled) {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [dialog, undo, redo, remove, selectedId, settings.tool, own, view]);

  const placedByPage = usePageBuckets(snapshot.private, snapshot.shared, others);

  // One actions object per page for as long as `create` and `own` stay, so a memoised page
  // overlay is not drawn again for new but equal actions.
  const actionsFor = useMemo(() => {
    const perPage = new Map<number, PageActions>();
    return (pageNumber: number): PageActions => {
      let actions = perPage.get(pageNumber);
      if (!actions) {
        actions = {
          select: setSelectedId,
          edit: setEditingId,
          create: (draft, edit) => create(pageNumber, draft, edit),
          change: (annotation) => own.update(annotation),
          erase: (changed, removed) => own.edit(changed, removed),
        };
        perPage.set(pageNumber, actions);
      }
      return actions;
    };
  }, [create, own]);

  const render: RenderPageOverlay = useCallback(
    (overlay) => (
      <AnnotationPage
        pageNumber={overlay.pageNumber}
        geometry={overlay.geometry}
        annotations={placedByPage.get(overlay.pageNumber) ?? NO_ANNOTATIONS}
        settings={settings}
        selectedId={selectedId}
        editingId={editingId}
        actions={actionsFor(overlay.pageNumber)}
      />
    ),
    [placedByPage, settings, selectedId, editingId, actionsFor],
  );

  const context = useMemo<AnnotationsContextValue>(
    () => ({ own, snapshot, selectedId, select: setSelectedId, setOthers }),
    [own, snapshot, selectedId],
  );
  const selected = selectedId === null ? null : own.find(selectedId);

  return (
    <AnnotationsContext.Provider value={context}>
      <AnnotationToolbar
        settings={settings}
        highlightDisabled={noTextLayer}
        canUndo={snapshot.canUndo}
        canRedo={snapshot.canRedo}
        selected={selected}
        onTool={chooseTool}
        onSettings={(patch) => setSettings((s) => ({ ...s, ...patch }))}
        onUndo={undo}
        onRedo={redo}
        onDelete={remove}
        onEdit={() => setEditingId(selectedId)}
      >
        {children}
      </AnnotationToolbar>
      <PageOverlayPortals overlays={overlays} render={render} />
    </AnnotationsContext.Provider>
  );
}
