/**
 * Writes annotations into a copy of a PDF as real PDF annotations, which any reader lists and
 * draws: /Highlight (with /QuadPoints), /Ink (/InkList), /Text (a sticky note) and /FreeText
 * (a text box), each with its own appearance stream (appearances.ts); bookmarks become outline
 * entries. Every annotation carries /NM = its id, /T = its author, /CreationDate and /M, /C
 * its colour and /F print, so a reader can tell whose it is and print it.
 *
 * It takes any list of annotations, by any authors: "export my annotations" passes the caller's
 * own, the meeting archive passes everyone's shared ones. Geometry is already in PDF user space
 * (before the page's /Rotate), which is what /Rect, /QuadPoints and /InkList are in, so only a
 * text box's upright text needs the page's rotation.
 */
import { deflateSync } from 'node:zlib';
import {
  PDFArray,
  PDFContentStream,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  type PDFOperator,
  type PDFPage,
  PDFRawStream,
  PDFRef,
  PDFString,
} from '@cantoo/pdf-lib';
import type {
  Annotation,
  BookmarkAnnotation,
  HighlightAnnotation,
  InkAnnotation,
  NoteAnnotation,
  TextboxAnnotation,
} from '#common/schemas/annotation';
import { missingCase } from '#common/protocol/doc-names';
import { round } from '../draw';
import { embedFonts, type FontSet } from '../fonts';
import {
  type Box,
  boundsOf,
  highlightContent,
  inkContent,
  MULTIPLY_STATE,
  NOTE_ICON_SIZE,
  noteIconOps,
  rgbOf,
  textboxOps,
  uprightMatrix,
} from './appearances';

/** Why annotations could not be written into a document. */
export type AnnotationExportErrorCode = 'encrypted' | 'unreadable';

export class AnnotationExportError extends Error {
  override readonly name = 'AnnotationExportError';
  constructor(
    readonly code: AnnotationExportErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** What was written. */
export interface AnnotatedPdf {
  readonly bytes: Uint8Array;
  /** Annotations written (bookmarks included). */
  readonly written: number;
  /** Annotations left out because their page is not in this version of the document. */
  readonly skipped: number;
}

/** Appearance streams with more operators than this (long strokes, many quads) are deflated. */
const COMPRESS_FROM_OPERATORS = 200;
/** The same, for appearances written as text. */
const COMPRESS_FROM_BYTES = 4096;

/** Annotation flags (PDF 32000-1, 12.5.3). */
const PRINT = 4;
const NO_ZOOM = 8;
const NO_ROTATE = 16;

const text = (value: string) => PDFHexString.fromText(value.normalize('NFC'));
const date = (iso: string) => PDFString.fromDate(new Date(iso));

/** Writes `annotations` into a copy of `source` (see the file comment); `at` is the copy's date. */
export async function writeAnnotatedPdf(
  source: Uint8Array,
  annotations: readonly Annotation[],
  at: Date,
): Promise<AnnotatedPdf> {
  let doc: PDFDocument;
  try {
    // Encryption is checked below: pdf-lib's own error class cannot be told apart with instanceof.
    doc = await PDFDocument.load(source, { updateMetadata: false, ignoreEncryption: true });
  } catch (err) {
    throw new AnnotationExportError('unreadable', `the PDF could not be read: ${String(err)}`);
  }
  if (doc.isEncrypted) {
    throw new AnnotationExportError('encrypted', 'annotations cannot be written into an encrypted PDF');
  }
  const writer = new AnnotationWriter(
    doc,
    annotations.some((a) => a.kind === 'textbox') ? await embedFonts(doc, ['r']) : null,
  );
  const pages = doc.getPages();
  const bookmarks: { annotation: BookmarkAnnotation; page: PDFPage }[] = [];
  let written = 0;
  for (const annotation of annotations) {
    const page = pages[annotation.page - 1];
    if (!page) continue;
    if (annotation.kind === 'bookmark') bookmarks.push({ annotation, page });
    else page.node.addAnnot(writer.annotation(annotation, page));
    written++;
  }
  addOutline(doc, bookmarks);
  doc.setModificationDate(at);
  // A classic cross-reference table: pdf-lib inserts each object into a cross-reference
  // stream one at a time (quadratic), which thousands of annotations make take seconds.
  const bytes = await doc.save({ useObjectStreams: false });
  return { bytes, written, skipped: annotations.length - written };
}

type Drawn = Exclude<Annotation, BookmarkAnnotation>;

/** Makes the dictionary and appearance of each annotation in one document. */
class AnnotationWriter {
  /** One icon appearance per colour, shared by every sticky note of that colour. */
  private readonly noteIcons = new Map<string, PDFRef>();

  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: FontSet | null,
  ) {}

  annotation(a: Drawn, page: PDFPage): PDFRef {
    switch (a.kind) {
      case 'highlight':
        return this.highlight(a, page);
      case 'ink':
        return this.ink(a, page);
      case 'note':
        return this.note(a, page);
      case 'textbox':
        return this.textbox(a, page);
      default:
        throw missingCase(a);
    }
  }

  /** The entries every annotation has. */
  private common(a: Drawn, page: PDFPage, subtype: string, rect: Box, appearance: PDFRef, flags: number) {
    const dict = this.doc.context.obj({
      Type: 'Annot',
      Subtype: subtype,
      Rect: [...rect],
      C: [...rgbOf(a.color)],
      F: flags,
      P: page.ref,
      AP: { N: appearance },
    });
    dict.set(PDFName.of('NM'), text(a.id));
    dict.set(PDFName.of('T'), text(a.authorName));
    dict.set(PDFName.of('CreationDate'), date(a.createdAt));
    dict.set(PDFName.of('M'), date(a.updatedAt));
    return dict;
  }

  /** A form XObject: the appearance's content as operators or as content-stream text. */
  private form(content: PDFOperator[] | string, bbox: Box, extra: Record<string, unknown> = {}): PDFRef {
    const dict = PDFDict.withContext(this.doc.context);
    const entries: Record<string, unknown> = { Type: 'XObject', Subtype: 'Form', BBox: [...bbox], ...extra };
    for (const [key, value] of Object.entries(entries)) {
      dict.set(PDFName.of(key), this.doc.context.obj(value as Parameters<PDFDocument['context']['obj']>[0]));
    }
    // Deflating a stream of a few operators saves nothing and, thousands of times, costs seconds.
    if (typeof content !== 'string') {
      return this.doc.context.register(
        PDFContentStream.of(dict, content, content.length > COMPRESS_FROM_OPERATORS),
      );
    }
    const bytes = new TextEncoder().encode(content);
    if (bytes.length <= COMPRESS_FROM_BYTES) return this.doc.context.register(PDFRawStream.of(dict, bytes));
    dict.set(PDFName.of('Filter'), PDFName.of('FlateDecode'));
    return this.doc.context.register(PDFRawStream.of(dict, deflateSync(bytes)));
  }

  private highlight(a: HighlightAnnotation, page: PDFPage): PDFRef {
    const xs = a.quads.flatMap((q) => [q[0], q[2], q[4], q[6]]);
    const ys = a.quads.flatMap((q) => [q[1], q[3], q[5], q[7]]);
    const rect = boundsOf(xs, ys);
    const appearance = this.form(highlightContent(a.quads, rgbOf(a.color)), rect, {
      Resources: { ExtGState: { [MULTIPLY_STATE]: { Type: 'ExtGState', BM: 'Multiply' } } },
    });
    const dict = this.common(a, page, 'Highlight', rect, appearance, PRINT);
    dict.set(PDFName.of('QuadPoints'), numbers(this.doc, a.quads.flat()));
    // The highlighted words, so a reader's comment list says what was marked.
    if (a.quotedText !== '') dict.set(PDFName.of('Contents'), text(a.quotedText));
    return this.doc.context.register(dict);
  }

  private ink(a: InkAnnotation, page: PDFPage): PDFRef {
    const points = a.paths.flat();
    const rect = boundsOf(
      points.map((p) => p.x),
      points.map((p) => p.y),
      a.width / 2 + 1,
    );
    const appearance = this.form(inkContent(a.paths, rgbOf(a.color), a.width), rect);
    const dict = this.common(a, page, 'Ink', rect, appearance, PRINT);
    const inkList = PDFArray.withContext(this.doc.context);
    for (const path of a.paths)
      inkList.push(
        numbers(
          this.doc,
          path.flatMap((p) => [p.x, p.y]),
        ),
      );
    dict.set(PDFName.of('InkList'), inkList);
    dict.set(PDFName.of('BS'), this.doc.context.obj({ W: round(a.width) }));
    return this.doc.context.register(dict);
  }

  private note(a: NoteAnnotation, page: PDFPage): PDFRef {
    const s = NOTE_ICON_SIZE;
    const rect: Box = [round(a.at.x), round(a.at.y - s), round(a.at.x + s), round(a.at.y)];
    let appearance = this.noteIcons.get(a.color.toLowerCase());
    if (!appearance) {
      appearance = this.form(noteIconOps(rgbOf(a.color)), [0, 0, s, s]);
      this.noteIcons.set(a.color.toLowerCase(), appearance);
    }
    // An icon keeps its size and stays upright, whatever the zoom and the page's rotation.
    const dict = this.common(a, page, 'Text', rect, appearance, PRINT | NO_ZOOM | NO_ROTATE);
    dict.set(PDFName.of('Contents'), text(a.text));
    dict.set(PDFName.of('Name'), PDFName.of('Comment'));
    dict.set(PDFName.of('Open'), this.doc.context.obj(false));
    return this.doc.context.register(dict);
  }

  private textbox(a: TextboxAnnotation, page: PDFPage): PDFRef {
    const fonts = this.fonts;
    if (!fonts) throw new Error('the text font was not embedded');
    const rotation = (((page.getRotation().angle % 360) + 360) % 360) as number;
    const turned = rotation === 90 || rotation === 270;
    // The box as the reader sees it on a turned page: its width runs along the page's height.
    const width = turned ? a.rect.height : a.rect.width;
    const height = turned ? a.rect.width : a.rect.height;
    const color = rgbOf(a.color);
    const key = fonts.resourceKey('r');
    const appearance = this.form(
      textboxOps(fonts, a.text, { width, height, fontSize: a.fontSize, color, fontKey: key }),
      [0, 0, round(width), round(height)],
      { Matrix: uprightMatrix(rotation), Resources: { Font: { [key]: fonts.font('r').ref } } },
    );
    const rect: Box = [
      round(a.rect.x),
      round(a.rect.y),
      round(a.rect.x + a.rect.width),
      round(a.rect.y + a.rect.height),
    ];
    const dict = this.common(a, page, 'FreeText', rect, appearance, PRINT);
    dict.set(PDFName.of('Contents'), text(a.text));
    dict.set(
      PDFName.of('DA'),
      PDFString.of(`/${key} ${round(a.fontSize)} Tf ${color[0]} ${color[1]} ${color[2]} rg`),
    );
    // No border: the box is its text. /Rotate tells viewers that edit it which way it reads.
    dict.set(PDFName.of('BS'), this.doc.context.obj({ W: 0 }));
    if (rotation !== 0) dict.set(PDFName.of('Rotate'), PDFNumber.of(rotation));
    return this.doc.context.register(dict);
  }
}

function numbers(doc: PDFDocument, values: readonly number[]): PDFArray {
  const array = PDFArray.withContext(doc.context);
  for (const v of values) array.push(PDFNumber.of(round(v)));
  return array;
}

/**
 * Bookmarks as outline entries at the top level, after the document's own, in page order:
 * "label" (or "Trang N" without one) opening the page whole.
 */
function addOutline(doc: PDFDocument, bookmarks: { annotation: BookmarkAnnotation; page: PDFPage }[]): void {
  if (bookmarks.length === 0) return;
  bookmarks.sort((a, b) => a.annotation.page - b.annotation.page);
  const context = doc.context;
  const catalog = doc.catalog;
  const existing = catalog.get(PDFName.of('Outlines'));
  let root = catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  let rootRef: PDFRef;
  if (existing instanceof PDFRef && root) {
    rootRef = existing;
  } else {
    // Items name their parent by reference: a missing (or direct) outline root is made indirect.
    root ??= context.obj({ Type: 'Outlines' });
    rootRef = context.register(root);
    catalog.set(PDFName.of('Outlines'), rootRef);
  }
  const last = root.get(PDFName.of('Last'));
  let prevRef = last instanceof PDFRef ? last : undefined;
  let prev = prevRef ? root.lookupMaybe(PDFName.of('Last'), PDFDict) : undefined;
  if (!prev) prevRef = undefined;
  for (const { annotation, page } of bookmarks) {
    const label = annotation.label.trim() || `Trang ${annotation.page}`;
    const item = context.obj({ Parent: rootRef, Dest: [page.ref, 'Fit'] });
    item.set(PDFName.of('Title'), text(label));
    const ref = context.register(item);
    if (prev && prevRef) {
      prev.set(PDFName.of('Next'), ref);
      item.set(PDFName.of('Prev'), prevRef);
    } else {
      root.set(PDFName.of('First'), ref);
    }
    prev = item;
    prevRef = ref;
  }
  if (prevRef) root.set(PDFName.of('Last'), prevRef);
  const count = root.lookupMaybe(PDFName.of('Count'), PDFNumber)?.asNumber() ?? 0;
  // Count is the open items; a negative one means the outline is shown closed: keep it so.
  root.set(
    PDFName.of('Count'),
    PDFNumber.of(count < 0 ? count - bookmarks.length : count + bookmarks.length),
  );
}
