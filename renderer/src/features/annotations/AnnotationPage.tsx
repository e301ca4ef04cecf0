import { ANNOTATION_COLORS, type Annotation, type PdfPoint } from '#common/schemas/annotation';
import { memo, type PointerEvent as ReactPointerEvent, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PageGeometry } from '../../lib/pdf/viewer';
import { AnnotationEditor } from './AnnotationEditor';
import {
  DENSE_COUNT_ATTRIBUTE,
  DENSE_PAGE_THRESHOLD,
  type DenseGroup,
  denseGroups,
  denseStrokeWidth,
  denseTransform,
  hitAnnotation,
} from './dense-page';
import {
  annotationBounds,
  cssPerPoint,
  eraserTouches,
  pdfBoundsToCss,
  rectFromCorners,
  simplifyStroke,
  translateAnnotation,
} from './geometry';
import { DEFAULT_TEXTBOX, ERASER_RADIUS_PX, type ToolSettings } from './tool-state';

/** An annotation as drawn: whose layer it is in, and whether this user may edit it. */
export interface PlacedAnnotation {
  readonly annotation: Annotation;
  readonly layer: 'private' | 'shared';
  /** Another author's annotations are read-only and drawn in that author's colour. */
  readonly readOnly: boolean;
  readonly authorColor?: string;
}

/** What the page's overlay asks of the tools. */
export interface PageActions {
  select(id: string | null): void;
  edit(id: string | null): void;
  /** A new annotation (the common fields are filled in by the caller); `edit` opens its editor. */
  create(draft: AnnotationDraft, edit: boolean): void;
  change(annotation: Annotation): void;
  erase(changed: readonly Annotation[], removed: readonly string[]): void;
}

type Common = 'id' | 'page' | 'authorId' | 'authorName' | 'createdAt' | 'updatedAt';
type Distribute<T> = T extends Annotation ? Omit<T, Common> : never;
/** An annotation without the fields every one has. */
export type AnnotationDraft = Distribute<Annotation>;

export interface AnnotationPageProps {
  pageNumber: number;
  geometry: PageGeometry;
  annotations: readonly PlacedAnnotation[];
  settings: ToolSettings;
  selectedId: string | null;
  editingId: string | null;
  actions: PageActions;
}

type Gesture =
  | { kind: 'pen'; points: PdfPoint[] }
  | { kind: 'eraser'; hits: Map<string, Set<number>> }
  | { kind: 'textbox'; from: PdfPoint; to: PdfPoint }
  | { kind: 'move'; id: string; from: PdfPoint; dx: number; dy: number };

const DRAWING_TOOLS = new Set(['pen', 'eraser', 'note', 'textbox']);
const HIGHLIGHT_OPACITY = 0.38;
/** How near (CSS px) a press on a dense page's shape must be to an annotation to pick it. */
const PICK_RADIUS_PX = 4;

function pathData(points: readonly PdfPoint[], geometry: PageGeometry): string {
  return points
    .map((p, i) => {
      const [x, y] = geometry.toCss(p.x, p.y);
      return `${i === 0 ? 'M' : 'L'}${x.toFixed(2)} ${y.toFixed(2)}`;
    })
    .join(' ');
}

/**
 * One page's annotations, drawn in the overlay slot in PDF user space mapped through the page's
 * geometry (so they sit exactly at any zoom and rotation), and the gestures of the tools on it.
 * Other people's annotations are drawn read-only, in their author's colour. Memoised: a page
 * whose props did not change (the tools keep each page's annotations and actions while they
 * stay the same) is not drawn again when another page changes.
 */
export const AnnotationPage = memo(function AnnotationPage({
  pageNumber,
  geometry,
  annotations,
  settings,
  selectedId,
  editingId,
  actions,
}: AnnotationPageProps) {
  const { t } = useTranslation();
  const root = useRef<HTMLDivElement>(null);
  const [gesture, setGesture] = useState<Gesture | null>(null);
  const gestureRef = useRef<Gesture | null>(null);
  const k = cssPerPoint(geometry);
  const color = ANNOTATION_COLORS[settings.color];
  const drawing = DRAWING_TOOLS.has(settings.tool);
  const selecting = settings.tool === 'select';

  const update = (next: Gesture | null): void => {
    gestureRef.current = next;
    setGesture(next);
  };

  const pdfAt = (event: { clientX: number; clientY: number }): PdfPoint => {
    const box = root.current?.getBoundingClientRect();
    const [x, y] = geometry.toPdf(event.clientX - (box?.left ?? 0), event.clientY - (box?.top ?? 0));
    return { x, y };
  };

  const eraseAt = (at: PdfPoint, hits: Map<string, Set<number>>): void => {
    const radius = ERASER_RADIUS_PX / k;
    for (const placed of annotations) {
      const a = placed.annotation;
      if (placed.readOnly || a.kind !== 'ink') continue;
      a.paths.forEach((path, i) => {
        if (hits.get(a.id)?.has(i)) return;
        if (eraserTouches(path, a.width, at, radius)) hits.set(a.id, new Set([...(hits.get(a.id) ?? []), i]));
      });
    }
  };

  const onPointerDown = (event: ReactPointerEvent<HTMLDivElement>): void => {
    if (!drawing || event.button !== 0) return;
    event.preventDefault();
    event.stopPropagation();
    const at = pdfAt(event);
    switch (settings.tool) {
      case 'pen':
        event.currentTarget.setPointerCapture(event.pointerId);
        update({ kind: 'pen', points: [at] });
        break;
      case 'eraser': {
        event.currentTarget.setPointerCapture(event.pointerId);
        const hits = new Map<string, Set<number>>();
        eraseAt(at, hits);
        update({ kind: 'eraser', hits });
        break;
      }
      case 'textbox':
        event.currentTarget.setPointerCapture(event.pointerId);
        update({ kind: 'textbox', from: at, to: at });
        break;
      case 'note':
        actions.create({ kind: 'note', at, text: '', color }, true);
        break;
    }
  };

  const onPointerMove = (event: ReactPointerEvent<HTMLElement | SVGElement>): void => {
    const current = gestureRef.current;
    if (!current) return;
    const at = pdfAt(event);
    switch (current.kind) {
      case 'pen':
        update({ ...current, points: [...current.points, at] });
        break;
      case 'eraser': {
        const hits = new Map(current.hits);
        eraseAt(at, hits);
        update({ kind: 'eraser', hits });
        break;
      }
      case 'textbox':
        update({ ...current, to: at });
        break;
      case 'move':
        update({ ...current, dx: at.x - current.from.x, dy: at.y - current.from.y });
        break;
    }
  };

  const onPointerUp = (): void => {
    const current = gestureRef.current;
    update(null);
    if (!current) return;
    switch (current.kind) {
      case 'pen': {
        const points = simplifyStroke(current.points, 0.75 / k).slice(0, 2_000);
        if (points.length > 0)
          actions.create({ kind: 'ink', paths: [points], color, width: settings.width }, false);
        break;
      }
      case 'eraser': {
        const changed: Annotation[] = [];
        const removed: string[] = [];
        for (const [id, paths] of current.hits) {
          const a = annotations.find((p) => p.annotation.id === id)?.annotation;
          if (a?.kind !== 'ink') continue;
          const kept = a.paths.filter((_p, i) => !paths.has(i));
          if (kept.length === 0) removed.push(id);
          else changed.push({ ...a, paths: kept });
        }
        if (changed.length > 0 || removed.length > 0) actions.erase(changed, removed);
        break;
      }
      case 'textbox': {
        const small =
          Math.abs(current.to.x - current.from.x) * k < 8 || Math.abs(current.to.y - current.from.y) * k < 8;
        const rect = small
          ? rectFromCorners(current.from, {
              x: current.from.x + DEFAULT_TEXTBOX.width,
              y: current.from.y - DEFAULT_TEXTBOX.height,
            })
          : rectFromCorners(current.from, current.to);
        actions.create({ kind: 'textbox', rect, text: '', fontSize: settings.fontSize, color }, true);
        break;
      }
      case 'move': {
        const a = annotations.find((p) => p.annotation.id === current.id)?.annotation;
        if (a && Math.hypot(current.dx, current.dy) * k >= 1)
          actions.change(translateAnnotation(a, current.dx, current.dy));
        break;
      }
    }
  };

  /** Pressing on one's own annotation with the select tool: select it and start moving it. */
  const grab = (placed: PlacedAnnotation) => (event: ReactPointerEvent<HTMLElement | SVGElement>) => {
    if (!selecting || placed.readOnly || event.button !== 0) return;
    event.stopPropagation();
    actions.select(placed.annotation.id);
    if (placed.annotation.kind === 'bookmark' || editingId === placed.annotation.id) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    update({ kind: 'move', id: placed.annotation.id, from: pdfAt(event), dx: 0, dy: 0 });
  };

  const shown = (placed: PlacedAnnotation): Annotation =>
    gesture?.kind === 'move' && gesture.id === placed.annotation.id
      ? translateAnnotation(placed.annotation, gesture.dx, gesture.dy)
      : placed.annotation;

  // A dense page draws its strokes, highlights and notes as a few paths (dense-page.ts); the
  // ones the user is working on are drawn on their own, on top, as on any page.
  const dense = annotations.length > DENSE_PAGE_THRESHOLD;
  const movingId = gesture?.kind === 'move' ? gesture.id : null;
  const erasing = gesture?.kind === 'eraser' ? gesture.hits : null;
  const erasingKey = erasing ? [...erasing.keys()].join(' ') : '';
  const groups = useMemo(() => {
    if (!dense) return [];
    const singled = new Set([selectedId, editingId, movingId, ...erasingKey.split(' ')]);
    return denseGroups(annotations, (p) => singled.has(p.annotation.id));
  }, [dense, annotations, selectedId, editingId, movingId, erasingKey]);
  const individual = dense
    ? annotations.filter(
        (p) =>
          p.annotation.kind === 'textbox' ||
          p.annotation.kind === 'bookmark' ||
          p.annotation.id === selectedId ||
          p.annotation.id === editingId ||
          p.annotation.id === movingId ||
          erasing?.has(p.annotation.id) === true,
      )
    : annotations;
  /** A press on a dense shape with the select tool picks the user's annotation under it. */
  const pick = (group: DenseGroup<PlacedAnnotation>) => (event: ReactPointerEvent<SVGPathElement>) => {
    if (!selecting || group.readOnly || event.button !== 0) return;
    const at = pdfAt(event);
    const hit =
      hitAnnotation(group.members, at, PICK_RADIUS_PX / k) ??
      hitAnnotation(
        annotations.filter((p) => !p.readOnly),
        at,
        PICK_RADIUS_PX / k,
      );
    if (hit) grab(hit)(event);
  };
  const denseCount = groups.reduce((n, g) => n + g.members.length, 0);

  const attrs = (placed: PlacedAnnotation) => ({
    'data-annotation-id': placed.annotation.id,
    'data-annotation-kind': placed.annotation.kind,
    'data-author-id': placed.annotation.authorId,
    'data-layer': placed.layer,
    'data-selected': selectedId === placed.annotation.id ? 'true' : undefined,
  });
  // One translation per kind and author, not one per annotation (a page may hold thousands).
  const labels = new Map<string, string>();
  const labelOf = (a: Annotation): string => {
    const key = `${a.kind}\u0000${a.authorName}`;
    let label = labels.get(key);
    if (label === undefined) {
      label = t('annotations.describe', { kind: t(`annotations.kind.${a.kind}`), name: a.authorName });
      labels.set(key, label);
    }
    return label;
  };
  const interactive = (placed: PlacedAnnotation) =>
    selecting && !placed.readOnly
      ? {
          onPointerDown: grab(placed),
          onPointerMove,
          onPointerUp,
          tabIndex: 0,
          role: 'button',
          'aria-label': labelOf(placed.annotation),
          onFocus: () => actions.select(placed.annotation.id),
          onDoubleClick: () => actions.edit(placed.annotation.id),
        }
      : {};
  const tint = (placed: PlacedAnnotation, own: string): string =>
    placed.readOnly ? (placed.authorColor ?? own) : own;

  const svgShapes = individual.flatMap((placed) => {
    const a = shown(placed);
    const hidden = gesture?.kind === 'eraser' && a.kind === 'ink' ? gesture.hits.get(a.id) : undefined;
    const style = {
      pointerEvents: selecting && !placed.readOnly ? ('visiblePainted' as const) : ('none' as const),
    };
    if (a.kind === 'highlight') {
      return [
        <g key={a.id} {...attrs(placed)} {...interactive(placed)} className="ann-highlight" style={style}>
          <title>{`${a.authorName}: ${a.quotedText}`}</title>
          {a.quads.map((q, i) => {
            const corners = [
              geometry.toCss(q[0], q[1]),
              geometry.toCss(q[2], q[3]),
              geometry.toCss(q[6], q[7]),
              geometry.toCss(q[4], q[5]),
            ];
            return (
              <polygon
                // biome-ignore lint/suspicious/noArrayIndexKey: quads are identified by their place in the highlight
                key={i}
                points={corners.map(([x, y]) => `${x.toFixed(2)},${y.toFixed(2)}`).join(' ')}
                fill={tint(placed, a.color)}
                fillOpacity={HIGHLIGHT_OPACITY}
              />
            );
          })}
        </g>,
      ];
    }
    if (a.kind === 'ink') {
      return [
        <g key={a.id} {...attrs(placed)} {...interactive(placed)} className="ann-ink" style={style}>
          {a.paths.map((path, i) =>
            hidden?.has(i) ? null : (
              <path
                // biome-ignore lint/suspicious/noArrayIndexKey: strokes are identified by their place in the drawing
                key={i}
                d={path.length === 1 ? `${pathData(path, geometry)} l0.01 0` : pathData(path, geometry)}
                stroke={tint(placed, a.color)}
                strokeWidth={Math.max(1, a.width * k)}
                strokeLinecap="round"
                strokeLinejoin="round"
                fill="none"
              />
            ),
          )}
        </g>,
      ];
    }
    return [];
  });

  const selected = annotations.find((p) => p.annotation.id === selectedId);
  const selectedBounds = selected ? annotationBounds(shown(selected)) : null;
  const outline = selectedBounds ? pdfBoundsToCss(selectedBounds, geometry) : null;
  const bookmarks = annotations.filter((p) => p.annotation.kind === 'bookmark');

  return (
    <div
      ref={root}
      className={`ann-page ann-page--${settings.tool}`}
      style={{ pointerEvents: drawing ? 'auto' : 'none' }}
      data-testid="ann-page"
      data-page-number={pageNumber}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={() => update(null)}
    >
      <svg
        className="ann-svg"
        width={geometry.width}
        height={geometry.height}
        viewBox={`0 0 ${geometry.width} ${geometry.height}`}
        role="presentation"
      >
        {dense && (
          <g className="ann-dense-shapes" transform={denseTransform(geometry)}>
            <title>{t('annotations.densePage', { count: denseCount })}</title>
            {groups.map((g) => (
              <path
                key={g.key}
                d={g.d}
                className={`ann-dense ann-dense--${g.kind}`}
                {...{ [DENSE_COUNT_ATTRIBUTE]: g.members.length }}
                data-layer-readonly={g.readOnly ? 'true' : undefined}
                fill={g.kind === 'ink' ? 'none' : g.color}
                fillOpacity={g.kind === 'highlight' ? HIGHLIGHT_OPACITY : undefined}
                stroke={g.kind === 'ink' ? g.color : g.kind === 'note' ? '#0006' : undefined}
                strokeWidth={g.kind === 'ink' ? denseStrokeWidth(g, k) : g.kind === 'note' ? 1 : undefined}
                vectorEffect={g.kind === 'note' ? 'non-scaling-stroke' : undefined}
                strokeLinecap={g.kind === 'ink' ? 'round' : undefined}
                strokeLinejoin={g.kind === 'ink' ? 'round' : undefined}
                style={{ pointerEvents: selecting && !g.readOnly ? 'visiblePainted' : 'none' }}
                onPointerDown={pick(g)}
              />
            ))}
          </g>
        )}
        {svgShapes}
        {gesture?.kind === 'pen' && (
          <path
            d={pathData(gesture.points, geometry)}
            stroke={color}
            strokeWidth={Math.max(1, settings.width * k)}
            strokeLinecap="round"
            strokeLinejoin="round"
            fill="none"
            data-testid="ann-pen-preview"
          />
        )}
        {gesture?.kind === 'textbox' &&
          (() => {
            const r = rectFromCorners(gesture.from, gesture.to);
            const box = pdfBoundsToCss({ x1: r.x, y1: r.y, x2: r.x + r.width, y2: r.y + r.height }, geometry);
            return (
              <rect
                x={box.left}
                y={box.top}
                width={box.width}
                height={box.height}
                className="ann-draft-box"
                stroke={color}
              />
            );
          })()}
        {outline && (
          <rect
            x={outline.left - 3}
            y={outline.top - 3}
            width={outline.width + 6}
            height={outline.height + 6}
            className="ann-selection"
            data-testid="ann-selection"
          />
        )}
      </svg>
      {individual.map((placed) => {
        const a = shown(placed);
        if (a.kind === 'note') {
          const box = pdfBoundsToCss(annotationBounds(a) ?? { x1: 0, y1: 0, x2: 0, y2: 0 }, geometry);
          const open = selectedId === a.id || editingId === a.id;
          return (
            <div key={a.id} className="ann-note-wrap" style={{ left: box.left, top: box.top }}>
              <div
                {...attrs(placed)}
                {...interactive(placed)}
                className="ann-note"
                role="img"
                aria-label={t('annotations.noteBy', { name: a.authorName, text: a.text })}
                title={a.text}
                style={{
                  width: box.width,
                  height: box.height,
                  background: tint(placed, a.color),
                  pointerEvents: selecting && !placed.readOnly ? 'auto' : 'none',
                }}
              />
              {editingId === a.id ? (
                <AnnotationEditor
                  className="ann-note-popup"
                  initial={a.text}
                  multiline
                  label={t('annotations.noteText')}
                  onDone={(text) => {
                    actions.edit(null);
                    if (text !== null && text !== a.text) actions.change({ ...a, text });
                  }}
                />
              ) : (
                open &&
                a.text !== '' && (
                  <p className="ann-note-popup" data-testid="ann-note-text">
                    {a.text}
                  </p>
                )
              )}
            </div>
          );
        }
        if (a.kind === 'textbox') {
          const [cx, cy] = geometry.toCss(a.rect.x + a.rect.width / 2, a.rect.y + a.rect.height / 2);
          const width = a.rect.width * k;
          const height = a.rect.height * k;
          return (
            <div
              key={a.id}
              {...attrs(placed)}
              {...interactive(placed)}
              className="ann-textbox"
              style={{
                left: cx - width / 2,
                top: cy - height / 2,
                width,
                height,
                transform: geometry.rotation ? `rotate(${geometry.rotation}deg)` : undefined,
                fontSize: a.fontSize * k,
                color: tint(placed, a.color),
                borderColor: tint(placed, a.color),
                pointerEvents: selecting && !placed.readOnly ? 'auto' : 'none',
              }}
            >
              {editingId === a.id ? (
                <AnnotationEditor
                  className="ann-textbox__editor"
                  initial={a.text}
                  multiline
                  label={t('annotations.textboxText')}
                  onDone={(text) => {
                    actions.edit(null);
                    if (text !== null && text !== a.text) actions.change({ ...a, text });
                  }}
                />
              ) : (
                a.text
              )}
            </div>
          );
        }
        return null;
      })}
      {bookmarks.length > 0 && (
        <div className="ann-bookmarks">
          {bookmarks.map((placed) => {
            const a = placed.annotation;
            if (a.kind !== 'bookmark') return null;
            return (
              <div
                key={a.id}
                {...attrs(placed)}
                {...interactive(placed)}
                className="ann-bookmark"
                title={a.label}
                style={{
                  pointerEvents: selecting && !placed.readOnly ? 'auto' : 'none',
                  borderColor: placed.readOnly ? placed.authorColor : undefined,
                }}
              >
                {editingId === a.id ? (
                  <AnnotationEditor
                    className="ann-bookmark__editor"
                    initial={a.label}
                    label={t('annotations.bookmarkLabel')}
                    onDone={(label) => {
                      actions.edit(null);
                      if (label !== null && label !== a.label) actions.change({ ...a, label });
                    }}
                  />
                ) : (
                  <span className="ann-bookmark__label">{a.label}</span>
                )}
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
});
