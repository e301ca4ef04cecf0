import * as Y from 'yjs';
import {
  type Inline,
  MINUTES_NODE,
  type MinutesBlock,
  type MinutesContent,
  type RecordData,
  RecordDataSchema,
} from '#common/schemas/minutes';

/**
 * Reads the minutes document (TipTap's XmlFragment, as y-prosemirror maps it) into plain blocks:
 * what finalise freezes and the exports print. Clients write this document, so nothing here
 * trusts its shape: an unknown node is read as the text it holds, a record block whose data does
 * not parse is left out (the server rewrites record data, so that happens only to a forged one).
 */
export function readMinutesContent(fragment: Y.XmlFragment): MinutesContent {
  const blocks: MinutesBlock[] = [];
  for (const child of fragment.toArray()) readBlock(child, blocks);
  return { blocks };
}

function readBlock(node: Y.XmlElement | Y.XmlText | Y.XmlHook, out: MinutesBlock[]): void {
  if (node instanceof Y.XmlText) {
    const content = readInlines([node]);
    if (content.length > 0) out.push({ type: 'paragraph', content });
    return;
  }
  if (!(node instanceof Y.XmlElement)) return;
  switch (node.nodeName) {
    case MINUTES_NODE.paragraph:
      out.push({ type: 'paragraph', content: readInlines(node.toArray()) });
      return;
    case MINUTES_NODE.heading:
      out.push({
        type: 'heading',
        level: headingLevel(node.getAttribute('level')),
        content: readInlines(node.toArray()),
      });
      return;
    case MINUTES_NODE.bulletList:
    case MINUTES_NODE.orderedList: {
      const items: Inline[][] = [];
      readListItems(node, items);
      out.push({ type: 'list', ordered: node.nodeName === MINUTES_NODE.orderedList, items });
      return;
    }
    case MINUTES_NODE.recordBlock: {
      const record = readRecordData(node.getAttribute('data'));
      if (record) out.push({ type: 'record', record });
      return;
    }
    default: {
      // A node this schema does not know (an older or a hostile client): its text survives.
      const content = readInlines(node.toArray());
      if (content.length > 0) out.push({ type: 'paragraph', content });
    }
  }
}

/** Every list item's text as one line; a nested list's items follow their parent's. */
function readListItems(list: Y.XmlElement, items: Inline[][]): void {
  for (const item of list.toArray()) {
    if (!(item instanceof Y.XmlElement)) continue;
    const line: Inline[] = [];
    const nested: Y.XmlElement[] = [];
    for (const part of item.toArray()) {
      if (!(part instanceof Y.XmlElement)) continue;
      if (part.nodeName === MINUTES_NODE.bulletList || part.nodeName === MINUTES_NODE.orderedList) {
        nested.push(part);
        continue;
      }
      if (line.length > 0) line.push({ text: '\n' });
      line.push(...readInlines(part.toArray()));
    }
    items.push(line);
    for (const sub of nested) readListItems(sub, items);
  }
}

function headingLevel(value: unknown): 1 | 2 | 3 {
  const n = typeof value === 'number' ? value : Number(value);
  return n === 1 || n === 2 ? n : 3;
}

/** The record a block's `data` attribute holds, or null when it is not one. */
export function readRecordData(value: unknown): RecordData | null {
  if (typeof value !== 'string') return null;
  try {
    const parsed = RecordDataSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Text runs with their marks (y-prosemirror: formatting attributes named after the mark). */
function readInlines(children: readonly (Y.XmlElement | Y.XmlText | Y.XmlHook)[]): Inline[] {
  const out: Inline[] = [];
  for (const child of children) {
    if (child instanceof Y.XmlText) {
      const delta = child.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[];
      for (const op of delta) {
        if (typeof op.insert !== 'string' || op.insert.length === 0) continue;
        out.push(inline(op.insert, op.attributes ?? {}));
      }
    } else if (child instanceof Y.XmlElement) {
      // Inline nodes: a hard break is a line break; anything else keeps its text.
      if (child.nodeName === 'hardBreak') out.push({ text: '\n' });
      else out.push(...readInlines(child.toArray()));
    }
  }
  return merge(out);
}

/** Overlapping marks of one kind are stored as `bold--<hash>`: any of them counts. */
function hasMark(attributes: Record<string, unknown>, mark: string): boolean {
  return Object.keys(attributes).some(
    (k) => (k === mark || k.startsWith(`${mark}--`)) && attributes[k] != null,
  );
}

function inline(text: string, attributes: Record<string, unknown>): Inline {
  const run: Inline = { text };
  if (hasMark(attributes, 'bold')) run.bold = true;
  if (hasMark(attributes, 'italic')) run.italic = true;
  if (hasMark(attributes, 'underline')) run.underline = true;
  return run;
}

/** Joins neighbouring runs with the same marks (Yjs splits text where it was typed). */
function merge(runs: Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const run of runs) {
    const last = out.at(-1);
    if (last && last.bold === run.bold && last.italic === run.italic && last.underline === run.underline) {
      last.text += run.text;
    } else {
      out.push({ ...run });
    }
  }
  return out;
}
