/**
 * pdf.js's own labels (the page landmarks, the PDF's annotations) in the app's language.
 *
 * Without an `l10n` the viewer components fall back to their built-in en-US Fluent bundle, so a
 * screen reader announced "Page 1" in a Vietnamese room. This adapter gives them the interface
 * they call on `options.l10n` (web/l10n.js: get, translate, translateOnce, pause, resume,
 * destroy …) and answers from our i18next strings under `pdfjs.*`; it follows language
 * switches on an open viewer, which is not rebuilt when the language changes.
 */
import i18next from 'i18next';
import { DEFAULT_TIME_ZONE } from '#common/time/meeting-time';
import { formatDateTime } from '../format';

const ID_ATTRIBUTE = 'data-l10n-id';
const ARGS_ATTRIBUTE = 'data-l10n-args';

/** What pdf.js's en-US Fluent message fills in: the element's text, or one attribute. */
export type PdfjsTarget = 'text' | 'aria-label' | 'alt' | 'title';

/** A pdf.js message as our i18next key, the arguments it takes and where its text goes. */
export interface PdfjsMessage {
  readonly key: string;
  readonly args: readonly string[];
  readonly target: PdfjsTarget;
}

/**
 * Every message pdf.js 6.5 puts into our viewer's DOM (annotation editing, the comment sidebar,
 * forms and XFA are off; see viewer.ts). The en-US texts pdf.js would show are noted for each.
 */
export const PDFJS_MESSAGES: Readonly<Record<string, PdfjsMessage>> = {
  // PDFPageView: `.aria-label = Page { $page }` ($page is the page's label when the PDF names it).
  'pdfjs-page-landmark': { key: 'pdfjs.pageLandmark', args: ['page'], target: 'aria-label' },
  // TextAnnotationElement's icon: `.alt = [{ $type } Annotation]` ($type: Comment, Note, Key …).
  'pdfjs-text-annotation-type': { key: 'pdfjs.textAnnotation', args: ['type'], target: 'alt' },
  // A pop-up's modification date: `{ DATETIME($dateObj, dateStyle: "short", timeStyle: "medium") }`.
  'pdfjs-annotation-date-time-string': { key: 'pdfjs.annotationDate', args: ['date'], target: 'text' },
  // A pop-up's comment button (only with a comment manager): `.title = Show comment`.
  'pdfjs-show-comment-button': { key: 'pdfjs.showComment', args: [], target: 'title' },
};

/** The standard icon names of a PDF text annotation (ISO 32000-1, 12.5.6.4). */
export const TEXT_ANNOTATION_ICONS = [
  'Comment',
  'Key',
  'Note',
  'Help',
  'NewParagraph',
  'Paragraph',
  'Insert',
] as const;

/** An i18next `t` fixed to one language (keys are built here, so untyped). */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

/**
 * The device's own zone: a note's date is an instant, shown on the reader's clock. Chromium
 * names Vietnam's zone "Asia/Saigon"; it is given as the app's default name, so formatDateTime
 * does not add "GMT+7" to a time on Vietnam's clock.
 */
function deviceTimeZone(): string {
  const device = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const vietnam = new Intl.DateTimeFormat('en', { timeZone: DEFAULT_TIME_ZONE }).resolvedOptions().timeZone;
  return device === vietnam ? DEFAULT_TIME_ZONE : device;
}

/** pdf.js's raw `data-l10n-args` value as text (a missing argument reads as nothing). */
function argText(args: Record<string, unknown> | null, name: string): string {
  const value = args?.[name];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/**
 * The text of pdf.js message `id` with pdf.js's arguments, through `t` (of `language`); null for
 * an id this table does not know (the element is then left as pdf.js made it).
 */
export function pdfjsText(
  t: Translate,
  language: string,
  id: string,
  args: Record<string, unknown> | null,
  timeZone?: string,
): string | null {
  const message = PDFJS_MESSAGES[id];
  if (!message) return null;
  switch (id) {
    case 'pdfjs-text-annotation-type': {
      const type = argText(args, 'type');
      const known = (TEXT_ANNOTATION_ICONS as readonly string[]).includes(type);
      return t(message.key, { type: known ? t(`pdfjs.annotationIcon.${type}`) : type });
    }
    case 'pdfjs-annotation-date-time-string': {
      const when = Number(args?.dateObj);
      const date = Number.isFinite(when)
        ? // The zone is asked only here: two formatters per page label cost ~0.3 s for 500 pages.
          formatDateTime(new Date(when).toISOString(), language, timeZone ?? deviceTimeZone())
        : '';
      return t(message.key, { date });
    }
    default:
      return t(message.key, Object.fromEntries(message.args.map((name) => [name, argText(args, name)])));
  }
}

/** Writes a message's text where pdf.js's Fluent message would have put it. */
export function applyPdfjsText(element: Element, target: PdfjsTarget, text: string): void {
  if (target === 'text') {
    if (element.textContent !== text) element.textContent = text;
  } else if (element.getAttribute(target) !== text) {
    element.setAttribute(target, text);
  }
}

function parseArgs(element: Element): Record<string, unknown> | null {
  const raw = element.getAttribute(ARGS_ATTRIBUTE);
  if (!raw) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The subset of pdf.js's `IL10n` its viewer components call. */
export interface PdfjsL10n {
  getLanguage(): string;
  getDirection(): 'ltr' | 'rtl';
  get(ids: string | string[], args?: Record<string, unknown> | null): Promise<string | string[]>;
  translate(element: HTMLElement): Promise<void>;
  translateOnce(element: HTMLElement): Promise<void>;
  pause(): void;
  resume(): void;
  destroy(): Promise<void>;
}

/**
 * An `l10n` for one viewer: it translates the roots it is given and every element pdf.js adds
 * or relabels inside them later (a MutationObserver on `data-l10n-id` / `data-l10n-args`), and
 * all of them again when the app's language changes, until `destroy`.
 */
export function createPdfjsL10n(): PdfjsL10n {
  const roots = new Set<HTMLElement>();
  let observer: MutationObserver | null = null;
  const observed = {
    attributes: true,
    attributeFilter: [ID_ATTRIBUTE, ARGS_ATTRIBUTE],
    childList: true,
    subtree: true,
  };

  const language = (): string => i18next.resolvedLanguage ?? i18next.language;
  const textOf = (id: string, args: Record<string, unknown> | null): string | null => {
    const current = language();
    return pdfjsText(i18next.getFixedT(current) as unknown as Translate, current, id, args);
  };

  const translateElement = (element: Element): void => {
    const id = element.getAttribute(ID_ATTRIBUTE);
    const message = id ? PDFJS_MESSAGES[id] : undefined;
    if (!id || !message) return;
    const text = textOf(id, parseArgs(element));
    if (text !== null) applyPdfjsText(element, message.target, text);
  };
  const translateTree = (root: Element): void => {
    if (root.hasAttribute(ID_ATTRIBUTE)) translateElement(root);
    for (const element of root.querySelectorAll(`[${ID_ATTRIBUTE}]`)) translateElement(element);
  };
  // Our own writes (aria-label, alt, title, a text node) are outside the filter: no feedback.
  const onMutations = (mutations: MutationRecord[]): void => {
    for (const mutation of mutations) {
      if (mutation.type === 'attributes') {
        translateElement(mutation.target as Element);
        continue;
      }
      for (const node of mutation.addedNodes) if (node instanceof Element) translateTree(node);
    }
  };
  const observeRoots = (): void => {
    if (!observer) return;
    for (const root of roots) observer.observe(root, observed);
  };
  const retranslate = (): void => {
    for (const root of roots) translateTree(root);
  };
  i18next.on('languageChanged', retranslate);

  return {
    getLanguage: language,
    getDirection: () => 'ltr',
    async get(ids, args = null) {
      return Array.isArray(ids) ? ids.map((id) => textOf(id, null) ?? id) : (textOf(ids, args) ?? ids);
    },
    async translate(element) {
      roots.add(element);
      observer ??= new MutationObserver(onMutations);
      observer.observe(element, observed);
      translateTree(element);
    },
    async translateOnce(element) {
      translateTree(element);
    },
    // pdf.js pauses while it moves whole pages around (already translated); like its
    // DOMLocalization, what changed before the pause is translated first.
    pause() {
      if (!observer) return;
      onMutations(observer.takeRecords());
      observer.disconnect();
    },
    resume: observeRoots,
    async destroy() {
      i18next.off('languageChanged', retranslate);
      observer?.disconnect();
      observer = null;
      roots.clear();
    },
  };
}
