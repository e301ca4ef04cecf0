import * as Y from 'yjs';
import {
  type Inline,
  MINUTES_FRAGMENT,
  MINUTES_NODE,
  type MinutesBlock,
  type RecordKind,
} from '#common/schemas/minutes';

/**
 * The server's writes into a minutes document (TipTap's XmlFragment `'default'`, in the shape
 * y-prosemirror gives ProseMirror nodes), and the guard that keeps record blocks' figures the
 * server's own. Runs in the Yjs worker, which holds the document; every write is a Yjs
 * transaction with the worker's origin, stored and sent on like a client's update.
 */

/** A record block's attributes: which record, and its figures as JSON (server-written). */
export interface RecordAttrs {
  readonly kind: RecordKind;
  readonly refId: string;
  readonly data: string;
}

/** Where a record block goes and what it holds (written after the command's commit). */
export interface MinutesRecordEffect {
  readonly meetingId: string;
  readonly afterIndex: number | null;
  readonly record: RecordAttrs;
}

/** What the server writes into a minutes document. */
export type MinutesEdit =
  /** The template, written once into a document that was never seeded and is empty. */
  | { readonly kind: 'seed'; readonly blocks: readonly MinutesBlock[] }
  /** A record block after the top-level block `afterIndex` (null: at the end). */
  | { readonly kind: 'insertRecord'; readonly afterIndex: number | null; readonly record: RecordAttrs }
  /** New figures for every block of these records (a vote closed, attendance moved). */
  | { readonly kind: 'refreshRecords'; readonly records: readonly RecordAttrs[] };

/** Where the document remembers it was seeded, so a document emptied by its editors is not seeded again. */
const META_MAP = 'minutes-meta';

const keyOf = (kind: unknown, refId: unknown) => `${String(kind)}:${String(refId)}`;

function textNode(content: readonly Inline[]): Y.XmlText {
  const text = new Y.XmlText();
  let at = 0;
  for (const run of content) {
    if (run.text.length === 0) continue;
    // y-prosemirror stores a mark as a formatting attribute named after it, valued by its attrs.
    const marks: Record<string, object> = {};
    if (run.bold) marks.bold = {};
    if (run.italic) marks.italic = {};
    if (run.underline) marks.underline = {};
    text.insert(at, run.text, marks);
    at += run.text.length;
  }
  return text;
}

function element(
  name: string,
  attrs: Record<string, string | number>,
  children: Y.XmlElement[] | Y.XmlText[],
) {
  const el = new Y.XmlElement(name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v as string);
  if (children.length > 0) el.insert(0, children);
  return el;
}

function recordElement(record: RecordAttrs): Y.XmlElement {
  return element(MINUTES_NODE.recordBlock, { kind: record.kind, refId: record.refId, data: record.data }, []);
}

/** A block as the Y.XmlElement TipTap's schema reads. */
export function blockElement(block: MinutesBlock): Y.XmlElement {
  switch (block.type) {
    case 'paragraph':
      return element(MINUTES_NODE.paragraph, {}, [textNode(block.content)]);
    case 'heading':
      return element(MINUTES_NODE.heading, { level: block.level }, [textNode(block.content)]);
    case 'list':
      return element(
        block.ordered ? MINUTES_NODE.orderedList : MINUTES_NODE.bulletList,
        block.ordered ? { start: 1 } : {},
        block.items.map((item) =>
          element(MINUTES_NODE.listItem, {}, [element(MINUTES_NODE.paragraph, {}, [textNode(item)])]),
        ),
      );
    case 'record':
      return recordElement({
        kind: block.record.kind,
        refId:
          block.record.kind === 'vote'
            ? block.record.voteId
            : block.record.kind === 'speakers'
              ? block.record.itemId
              : '',
        data: JSON.stringify(block.record),
      });
  }
}

/** Every record block under `parent`, depth first. */
function recordBlocks(parent: Y.XmlFragment | Y.XmlElement, out: Y.XmlElement[] = []): Y.XmlElement[] {
  for (const child of parent.toArray()) {
    if (!(child instanceof Y.XmlElement)) continue;
    if (child.nodeName === MINUTES_NODE.recordBlock) out.push(child);
    else recordBlocks(child, out);
  }
  return out;
}

function attrsOf(el: Y.XmlElement): { kind: unknown; refId: unknown; data: unknown } {
  return { kind: el.getAttribute('kind'), refId: el.getAttribute('refId'), data: el.getAttribute('data') };
}

/**
 * Keeps the figures of record blocks the server's. It knows every record block it wrote or found
 * stored (and each record's figures); after a client update it looks at the blocks that update
 * touched: a known block whose `kind`, `refId` or `data` changed gets the server's values back; a
 * new block (a cut and paste, a drag) of a record the server knows gets that record's figures;
 * a new block of a record the server never wrote is removed. The repair is a transaction of the
 * server's own, after the client's, so every client converges on the recorded figures.
 */
export class MinutesDoc {
  readonly fragment: Y.XmlFragment;
  private readonly known = new WeakMap<Y.XmlElement, RecordAttrs>();
  private readonly records = new Map<string, string>();
  private readonly suspects = new Set<Y.XmlElement>();
  private readonly observer: (events: Y.YEvent<Y.XmlElement | Y.XmlText>[], tr: Y.Transaction) => void;

  constructor(
    readonly doc: Y.Doc,
    private readonly serverOrigin: unknown,
  ) {
    this.fragment = doc.getXmlFragment(MINUTES_FRAGMENT);
    for (const el of recordBlocks(this.fragment)) {
      const a = attrsOf(el);
      if (typeof a.kind !== 'string' || typeof a.refId !== 'string' || typeof a.data !== 'string') continue;
      this.know(el, { kind: a.kind as RecordKind, refId: a.refId, data: a.data });
    }
    this.observer = (events, tr) => {
      if (tr.origin === this.serverOrigin || tr.origin === 'load') return;
      for (const event of events) this.collect(event);
    };
    this.fragment.observeDeep(this.observer);
  }

  private know(el: Y.XmlElement, attrs: RecordAttrs): void {
    this.known.set(el, attrs);
    this.records.set(keyOf(attrs.kind, attrs.refId), attrs.data);
  }

  private collect(event: Y.YEvent<Y.XmlElement | Y.XmlText>): void {
    const target = event.target;
    if (target instanceof Y.XmlElement && target.nodeName === MINUTES_NODE.recordBlock) {
      if ((event as Y.YXmlEvent).attributesChanged.size > 0) this.suspects.add(target);
    }
    for (const item of event.changes.added) {
      const content = item.content;
      if (!(content instanceof Y.ContentType)) continue;
      const added = content.type;
      if (!(added instanceof Y.XmlElement)) continue;
      if (added.nodeName === MINUTES_NODE.recordBlock) this.suspects.add(added);
      else for (const el of recordBlocks(added)) this.suspects.add(el);
    }
  }

  /** Repairs what the last client updates did to record blocks; true when it changed anything. */
  repair(): boolean {
    if (this.suspects.size === 0) return false;
    const suspects = [...this.suspects];
    this.suspects.clear();
    let changed = false;
    this.doc.transact(() => {
      for (const el of suspects) {
        if (el._item?.deleted || el.doc === null) continue;
        const known = this.known.get(el);
        const a = attrsOf(el);
        const want: RecordAttrs | null = known ?? this.lookup(a.kind, a.refId);
        if (!want) {
          removeElement(el);
          changed = true;
          continue;
        }
        const current = this.records.get(keyOf(want.kind, want.refId)) ?? want.data;
        const target = { kind: want.kind, refId: want.refId, data: current };
        if (a.kind !== target.kind) el.setAttribute('kind', target.kind);
        if (a.refId !== target.refId) el.setAttribute('refId', target.refId);
        if (a.data !== target.data) el.setAttribute('data', target.data);
        changed ||= a.kind !== target.kind || a.refId !== target.refId || a.data !== target.data;
        for (const key of Object.keys(el.getAttributes())) {
          if (key !== 'kind' && key !== 'refId' && key !== 'data') {
            el.removeAttribute(key);
            changed = true;
          }
        }
        this.know(el, target);
      }
    }, this.serverOrigin);
    return changed;
  }

  private lookup(kind: unknown, refId: unknown): RecordAttrs | null {
    const data = this.records.get(keyOf(kind, refId));
    return data === undefined ? null : { kind: kind as RecordKind, refId: String(refId), data };
  }

  /** Applies a server edit in one transaction of the server's. */
  edit(edit: MinutesEdit): void {
    this.doc.transact(() => {
      switch (edit.kind) {
        case 'seed': {
          const meta = this.doc.getMap(META_MAP);
          if (meta.get('seeded') === true) return;
          meta.set('seeded', true);
          if (this.fragment.length > 0) return;
          this.fragment.insert(0, edit.blocks.map(blockElement));
          for (const el of recordBlocks(this.fragment)) {
            const a = attrsOf(el);
            this.know(el, { kind: a.kind as RecordKind, refId: String(a.refId), data: String(a.data) });
          }
          return;
        }
        case 'insertRecord': {
          const el = recordElement(edit.record);
          const at =
            edit.afterIndex === null
              ? this.fragment.length
              : Math.max(0, Math.min(this.fragment.length, edit.afterIndex + 1));
          this.fragment.insert(at, [el]);
          this.know(el, edit.record);
          this.refresh([edit.record]);
          return;
        }
        case 'refreshRecords':
          this.refresh(edit.records);
          return;
      }
    }, this.serverOrigin);
  }

  private refresh(records: readonly RecordAttrs[]): void {
    const wanted = new Map(records.map((r) => [keyOf(r.kind, r.refId), r] as const));
    for (const r of records) this.records.set(keyOf(r.kind, r.refId), r.data);
    for (const el of recordBlocks(this.fragment)) {
      const known = this.known.get(el);
      if (!known) continue;
      const r = wanted.get(keyOf(known.kind, known.refId));
      if (!r) continue;
      if (el.getAttribute('data') !== r.data) el.setAttribute('data', r.data);
      this.known.set(el, r);
    }
  }

  /** The records the document holds blocks of (so the server refreshes only those). */
  recordKeys(): { kind: RecordKind; refId: string }[] {
    const seen = new Map<string, { kind: RecordKind; refId: string }>();
    for (const el of recordBlocks(this.fragment)) {
      const k = this.known.get(el);
      if (k) seen.set(keyOf(k.kind, k.refId), { kind: k.kind, refId: k.refId });
    }
    return [...seen.values()];
  }

  destroy(): void {
    this.fragment.unobserveDeep(this.observer);
  }
}

function removeElement(el: Y.XmlElement): void {
  const parent = el.parent;
  if (!(parent instanceof Y.XmlElement || parent instanceof Y.XmlFragment)) return;
  const index = parent.toArray().indexOf(el);
  if (index >= 0) parent.delete(index, 1);
}
