/**
 * pdf.js's own labels follow the app's language, end to end against a room server of this
 * file's own: a delegate opens a PDF carrying a pop-up note (a Text annotation made here with
 * pdf-lib) and the pages' landmarks, the note's icon text and its pop-up's date read in
 * Vietnamese, then in English after switching the language with the viewer open, and again
 * when the viewer is reopened. Screenshots go to test-results/screenshots/ and
 * /tmp/viewer-language-shots/.
 */
import { PDFDocument, PDFHexString, PDFString } from '@cantoo/pdf-lib';
import type { Locator, Page } from '@playwright/test';
import { makeVietnamesePdf } from '../fixtures/vietnamese-pdf';
import { expect, test } from './fixtures';
import { buildMeeting, startBuiltRoom } from './room-api';
import type { StartedRoomServer } from './room-server';
import { pageDrawn, screenshots } from './viewer-page';

const shot = screenshots('viewer-language', '/tmp/viewer-language-shots');

const PAGES = 3;
const NOTE = { author: 'Trần Văn Góp Ý', text: 'Đề nghị bổ sung số liệu quý IV.' };

interface Setup {
  server: StartedRoomServer;
  documentId: string;
  code: string;
}

let setup: Setup;

/** The viewer's PDF with a closed pop-up note (icon "Comment") on page 1, dated 08:30 5/1/2026 in Vietnam. */
async function pdfWithNote(): Promise<Uint8Array> {
  const doc = await PDFDocument.load(await makeVietnamesePdf({ pages: PAGES, title: 'Tờ trình có ghi chú' }));
  const note = doc.context.obj({
    Type: 'Annot',
    Subtype: 'Text',
    Rect: [480, 760, 504, 784],
    Contents: PDFHexString.fromText(NOTE.text),
    T: PDFHexString.fromText(NOTE.author),
    M: PDFString.of("D:20260105083000+07'00'"),
    Name: 'Comment',
    Open: false,
    F: 4,
  });
  doc.getPage(0).node.addAnnot(doc.context.register(note));
  return doc.save({ useObjectStreams: false });
}

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(120_000);
  setup = await startBuiltRoom(playwright, async (server, request) => {
    const meeting = await buildMeeting(request, server, {
      deviceLabel: 'viewer-language-e2e',
      title: 'Phiên họp thử ngôn ngữ trình xem',
    });
    const code = await meeting.joinCode(await meeting.addParticipant('Lê Thị Ngôn Ngữ'));
    const documentId = await meeting.upload(await pdfWithNote(), 'Tờ trình có ghi chú');
    await meeting.publish();
    return { server, documentId, code };
  });
});

test.afterAll(async () => {
  await setup?.server.stop();
});

async function openDocument(page: Page): Promise<void> {
  const toggle = page.getByTestId('distribution-toggle');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await page
    .locator(`[data-testid="distribution-row"][data-document-id="${setup.documentId}"]`)
    .getByTestId('distribution-open')
    .click();
  await expect(page.getByTestId('pdf-viewer')).toHaveAttribute('data-state', 'ready', { timeout: 20_000 });
  await pageDrawn(page, 1);
}

/** pdf.js's page element (its landmark) for page `n`. */
const pageLandmark = (page: Page, n: number): Locator =>
  page.locator(`.pdfViewer .page[data-page-number="${n}"]`);

/**
 * The language switch sits in the header, under the viewer's dialog: the click goes to the
 * button itself, as a keyboard user's Enter on it would, while the viewer stays open.
 */
async function switchLanguage(page: Page, language: 'vi' | 'en'): Promise<void> {
  await page.getByTestId(`language-${language}`).dispatchEvent('click');
  await expect(page.locator('html')).toHaveAttribute('lang', language);
}

test('pdf.js’s page landmarks and the PDF’s note speak the app’s language, and follow a switch', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.goto(`${setup.server.info.url}/?join=${setup.code}`);
  await expect(page.getByTestId('distribution-total')).toContainText('100%', { timeout: 30_000 });
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  await openDocument(page);

  const note = page.locator('.annotationLayer .textAnnotation').first();
  const noteIcon = note.locator('img');
  const popupDate = page.locator('.annotationLayer .popup time.popupDate').first();

  await test.step('Vietnamese: "Trang n" on every page, the note named in Vietnamese', async () => {
    await expect(page.getByRole('region', { name: 'Trang 1', exact: true })).toBeVisible();
    // A page not drawn yet is labelled too: every page element is made when the document opens.
    await expect(pageLandmark(page, PAGES)).toHaveAttribute('aria-label', `Trang ${PAGES}`);
    await expect(noteIcon).toHaveAttribute('alt', '[Ghi chú dạng bình luận]');
    // pdf.js's own icon, shipped with the build: loaded, not a broken image.
    await expect
      .poll(() => noteIcon.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0)))
      .toBeGreaterThan(0);
    // The pop-up is built when first shown: an element pdf.js adds later is translated too.
    await note.dispatchEvent('click');
    await expect(popupDate).toBeVisible();
    await expect(popupDate).toContainText('05/01/2026');
    await expect(popupDate).toContainText('08:30');
    await expect(popupDate).toContainText(/thứ hai/i);
    // On Vietnam's clock (the browser's zone here) the app names no zone.
    await expect(popupDate).not.toContainText(/GMT|UTC/);
    await expect(page.locator('.pdfViewer [aria-label^="Page "]')).toHaveCount(0);
    await shot(page, '01-vi-note-open');
  });

  await test.step('switched to English with the viewer open: "Page n", pdf.js’s own wording', async () => {
    await switchLanguage(page, 'en');
    await expect(pageLandmark(page, 1)).toHaveAttribute('aria-label', 'Page 1');
    await expect(page.getByRole('region', { name: 'Page 1', exact: true })).toBeVisible();
    await expect(pageLandmark(page, PAGES)).toHaveAttribute('aria-label', `Page ${PAGES}`);
    await expect(noteIcon).toHaveAttribute('alt', '[Comment Annotation]');
    await expect(popupDate).toContainText('Monday');
    await expect(popupDate).toContainText('05/01/2026');
    await shot(page, '02-en-note-open');
  });

  await test.step('back to Vietnamese, then reopened in English', async () => {
    await switchLanguage(page, 'vi');
    await expect(pageLandmark(page, 1)).toHaveAttribute('aria-label', 'Trang 1');
    await expect(noteIcon).toHaveAttribute('alt', '[Ghi chú dạng bình luận]');
    // pdf.js's own icon, shipped with the build: loaded, not a broken image.
    await expect
      .poll(() => noteIcon.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0)))
      .toBeGreaterThan(0);
    await page.getByTestId('pdf-close').click();
    await expect(page.getByTestId('pdf-viewer')).toHaveCount(0);
    await page.getByTestId('language-en').click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await openDocument(page);
    await expect(pageLandmark(page, 1)).toHaveAttribute('aria-label', 'Page 1');
    await expect(noteIcon).toHaveAttribute('alt', '[Comment Annotation]');
  });
});
