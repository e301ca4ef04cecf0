import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { LANGUAGES, type Language } from '../../../renderer/src/i18n';
import { formatDateTime } from '../../../renderer/src/lib/format';
import {
  applyPdfjsText,
  PDFJS_MESSAGES,
  pdfjsText,
  TEXT_ANNOTATION_ICONS,
  type Translate,
} from '../../../renderer/src/lib/pdf/pdfjs-l10n';
import { placeholders, raw, translators } from './i18n-fixture';
import { inTimeZone } from './time-zone';

const require = createRequire(import.meta.url);
const VIEWER_SOURCE = readFileSync(require.resolve('pdfjs-dist/web/pdf_viewer.mjs'), 'utf8');
const CORE_SOURCE = readFileSync(require.resolve('pdfjs-dist/build/pdf.mjs'), 'utf8');

/** pdf.js's built-in en-US Fluent bundle (the fallback it shows without locale files), as written. */
function fallbackLiteral(): string {
  const match = /#createBundleFallback\(lang\) \{\s*const text = ("(?:[^"\\]|\\.)*");/.exec(VIEWER_SOURCE);
  if (!match?.[1]) throw new Error('pdf.js no longer has its en-US fallback bundle where expected');
  return match[1];
}

const fallbackBundle = (): string => JSON.parse(fallbackLiteral()) as string;

/** The ids pdf.js's code (not its bundle) names: what it can put into `data-l10n-id` or `get`. */
function idsInCode(): Set<string> {
  const code = VIEWER_SOURCE.replace(fallbackLiteral(), '""') + CORE_SOURCE;
  return new Set([...code.matchAll(/["'`](pdfjs-[a-z0-9-]+)["'`]/g)].map((m) => m[1] ?? ''));
}

/**
 * Made only by pdf.js's annotation editors and their floating toolbars, which viewer.ts turns
 * off (`AnnotationEditorType.DISABLE`): these never reach our viewer's DOM.
 */
function editorOnly(id: string): boolean {
  return (
    id.startsWith('pdfjs-editor-') ||
    [
      'pdfjs-comment-floating-button',
      'pdfjs-comment-floating-button-label',
      'pdfjs-highlight-floating-button1',
      'pdfjs-highlight-floating-button-label',
      'pdfjs-free-text2',
    ].includes(id)
  );
}

let t: Record<Language, Translate>;

beforeAll(async () => {
  const fixed: Record<Language, TFunction> = await translators();
  t = { vi: fixed.vi as unknown as Translate, en: fixed.en as unknown as Translate };
});

describe('every label pdf.js can put into our viewer has our text in both languages', () => {
  it('knows every id pdf.js names outside its editors', () => {
    const ids = [...idsInCode()];
    // The walk finds what it should (a pdf.js upgrade that renames these fails here).
    expect(ids).toEqual(expect.arrayContaining(['pdfjs-page-landmark', 'pdfjs-text-annotation-type']));
    const missing = ids.filter((id) => !editorOnly(id) && !(id in PDFJS_MESSAGES));
    expect(missing).toEqual([]);
  });

  it('has a message in every language with exactly the arguments the adapter passes', () => {
    const problems: string[] = [];
    for (const [id, message] of Object.entries(PDFJS_MESSAGES)) {
      for (const language of LANGUAGES) {
        const text = raw(language, message.key);
        if (typeof text !== 'string' || text.trim() === '') {
          problems.push(`${language}: ${message.key} (${id}) has no message`);
          continue;
        }
        const found = placeholders(text);
        if (JSON.stringify(found) !== JSON.stringify([...message.args].sort())) {
          problems.push(
            `${language}: ${message.key} uses {${found.join(', ')}}, is sent {${message.args.join(', ')}}`,
          );
        }
      }
    }
    for (const icon of TEXT_ANNOTATION_ICONS) {
      for (const language of LANGUAGES) {
        const text = raw(language, `pdfjs.annotationIcon.${icon}`);
        if (typeof text !== 'string' || text.trim() === '')
          problems.push(`${language}: no name for icon ${icon}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('writes where pdf.js’s own en-US message writes (its text or the same attribute)', () => {
    const bundle = fallbackBundle();
    for (const [id, message] of Object.entries(PDFJS_MESSAGES)) {
      const entry = new RegExp(`^${id} =(.*)\\n((?:    \\..*\\n?)*)`, 'm').exec(bundle);
      expect(entry, `${id} is in pdf.js's bundle`).not.toBeNull();
      const value = entry?.[1]?.trim() ?? '';
      const attributes = [...(entry?.[2] ?? '').matchAll(/^ {4}\.([\w-]+) =/gm)].map((m) => m[1]);
      expect([value !== '', attributes], id).toEqual(
        message.target === 'text' ? [true, []] : [false, [message.target]],
      );
    }
  });
});

describe('the texts, with pdf.js’s arguments substituted', () => {
  it('names the page landmark, by number or by the PDF’s own label', () => {
    expect(pdfjsText(t.vi, 'vi', 'pdfjs-page-landmark', { page: 1 })).toBe('Trang 1');
    expect(pdfjsText(t.en, 'en', 'pdfjs-page-landmark', { page: 1 })).toBe('Page 1');
    expect(pdfjsText(t.vi, 'vi', 'pdfjs-page-landmark', { page: 'iv' })).toBe('Trang iv');
  });

  it('names a note’s icon in words, and an unknown icon by its own name', () => {
    expect(pdfjsText(t.vi, 'vi', 'pdfjs-text-annotation-type', { type: 'Comment' })).toBe(
      '[Ghi chú dạng bình luận]',
    );
    // The same as pdf.js's own en-US fallback.
    expect(pdfjsText(t.en, 'en', 'pdfjs-text-annotation-type', { type: 'Comment' })).toBe(
      '[Comment Annotation]',
    );
    expect(pdfjsText(t.en, 'en', 'pdfjs-text-annotation-type', { type: 'NewParagraph' })).toBe(
      '[New Paragraph Annotation]',
    );
    expect(pdfjsText(t.vi, 'vi', 'pdfjs-text-annotation-type', { type: 'Star' })).toBe('[Ghi chú dạng Star]');
  });

  it('writes a note’s date the way the app writes times, on the reader’s clock', () => {
    const when = Date.UTC(2026, 0, 5, 1, 30);
    const zone = 'Asia/Ho_Chi_Minh';
    const vi = pdfjsText(t.vi, 'vi', 'pdfjs-annotation-date-time-string', { dateObj: when }, zone);
    expect(vi).toBe(formatDateTime(new Date(when).toISOString(), 'vi', zone));
    expect(vi).toContain('05/01/2026');
    expect(vi).toContain('08:30');
    expect(pdfjsText(t.en, 'en', 'pdfjs-annotation-date-time-string', { dateObj: when }, zone)).toContain(
      'Monday',
    );
    // A broken date is left empty rather than "Invalid Date".
    expect(pdfjsText(t.vi, 'vi', 'pdfjs-annotation-date-time-string', { dateObj: 'x' }, zone)).toBe('');
  });

  it('reads the device’s clock, naming no zone when the device is on Vietnam’s (Asia/Saigon)', () => {
    const when = Date.UTC(2026, 0, 5, 1, 30);
    const inVietnam = inTimeZone('Asia/Saigon', () =>
      pdfjsText(t.vi, 'vi', 'pdfjs-annotation-date-time-string', { dateObj: when }),
    );
    expect(inVietnam).toContain('08:30');
    expect(inVietnam).not.toMatch(/GMT|UTC/);
    const inParis = inTimeZone('Europe/Paris', () =>
      pdfjsText(t.en, 'en', 'pdfjs-annotation-date-time-string', { dateObj: when }),
    );
    expect(inParis).toContain('02:30');
    expect(inParis).toMatch(/CET|GMT\+1/);
  });

  it('leaves an id it does not know to pdf.js (null)', () => {
    expect(pdfjsText(t.vi, 'vi', 'pdfjs-editor-stamp-button', null)).toBeNull();
  });

  it('sets the text or the attribute, and nothing when it already reads so', () => {
    const writes: string[] = [];
    const attributes = new Map<string, string>();
    const element = {
      textContent: '',
      getAttribute: (name: string) => attributes.get(name) ?? null,
      setAttribute: (name: string, value: string) => {
        writes.push(name);
        attributes.set(name, value);
      },
    } as unknown as Element;
    applyPdfjsText(element, 'aria-label', 'Trang 1');
    applyPdfjsText(element, 'aria-label', 'Trang 1');
    expect(attributes.get('aria-label')).toBe('Trang 1');
    expect(writes).toEqual(['aria-label']);
    applyPdfjsText(element, 'text', '08:30 Thứ Hai, 05/01/2026');
    expect(element.textContent).toBe('08:30 Thứ Hai, 05/01/2026');
  });
});
