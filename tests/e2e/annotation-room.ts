/**
 * A room server of its own for the annotation specs: one published meeting with a Vietnamese
 * PDF whose first page carries a marker phrase, delegates with join codes (two codes for the
 * first, so a second device can check what the server kept), and the viewer opened at it.
 */
import type { APIRequestContext, Page, PlaywrightWorkerArgs } from '@playwright/test';
import { formatDocName } from '#common/protocol/doc-names';
import { ANNOTATIONS_MAP, writeAnnotation } from '#common/protocol/annotation-layer';
import type { Annotation } from '#common/schemas/annotation';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { makeVietnamesePdf } from '../fixtures/vietnamese-pdf';
import { expect, test } from './fixtures';
import { buildMeeting, roomApi, startBuiltRoom } from './room-api';
import type { StartedRoomServer } from './room-server';
import { pageDrawn, screenshots } from './viewer-page';

export { pageDrawn } from './viewer-page';

export const MARKER = { page: 1, text: 'đối chiếu', x: 200, y: 600, size: 20 };

export interface AnnotationRoom {
  server: StartedRoomServer;
  /** The secretariat's token (it built the meeting). */
  secretariat: string;
  meetingId: string;
  /** The delegates, in the order of {@link AnnotationRoomOptions.delegates}. */
  participantIds: string[];
  documentId: string;
  /** A "no export" document (no text layer), granted to the delegates; '' without `extras`. */
  noExportId: string;
  /**
   * Join codes: `first` twice (two devices of one delegate; the second is '' without
   * `extras`), then one each for others.
   */
  codes: { first: [string, string]; others: string[] };
}

/** What the meeting is called and holds; the defaults are the annotation specs'. */
export interface AnnotationRoomOptions {
  meetingTitle?: string;
  /** The two delegates' names. */
  delegates?: readonly [string, string];
  /** The title of the document with the marker phrase. */
  documentTitle?: string;
  /** Also a "no export" document and a second device's code for the first delegate. */
  extras?: boolean;
}

/** Starts a room server of its own and builds and publishes the meeting (see the file's top). */
export async function startAnnotationRoom(
  playwright: PlaywrightWorkerArgs['playwright'],
  options: AnnotationRoomOptions = {},
): Promise<AnnotationRoom> {
  const {
    meetingTitle = 'Phiên họp thử ghi chú',
    delegates = ['Trần Văn Ghi', 'Lê Thị Chép'],
    documentTitle: title = 'Báo cáo ghi chú thử',
    extras = true,
  } = options;
  return startBuiltRoom(playwright, async (server, request) => {
    const meeting = await buildMeeting(request, server, {
      deviceLabel: 'annotation-e2e',
      title: meetingTitle,
    });
    const ids: string[] = [];
    for (const name of delegates) ids.push(await meeting.addParticipant(name));
    const documentId = await meeting.upload(
      await makeVietnamesePdf({ pages: 3, marker: MARKER, title }),
      title,
    );
    const locked = 'Tài liệu không được tải về';
    const noExportId = extras
      ? await meeting.upload(await makeVietnamesePdf({ pages: 2, title: locked }), locked, '&noExport=true')
      : '';
    await meeting.publish();
    const first = ids[0] as string;
    return {
      server,
      secretariat: meeting.token,
      meetingId: meeting.meetingId,
      participantIds: ids,
      documentId,
      noExportId,
      codes: {
        first: [await meeting.joinCode(first), extras ? await meeting.joinCode(first) : ''],
        others: [await meeting.joinCode(ids[1] as string)],
      },
    };
  });
}

/** Joins with `code`, waits for the documents, and opens the test document in the viewer at 100 %. */
export async function joinAndOpen(page: Page, room: AnnotationRoom, code: string): Promise<void> {
  await page.goto(`${room.server.info.url}/?join=${code}`);
  await openDocument(page, room);
}

/** Opens the test document, or another (after a join or a reload). */
export async function openDocument(
  page: Page,
  room: AnnotationRoom,
  documentId = room.documentId,
): Promise<void> {
  await expect(page.getByTestId('distribution-total')).toContainText('100%', { timeout: 30_000 });
  const toggle = page.getByTestId('distribution-toggle');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await page
    .locator(`[data-testid="distribution-row"][data-document-id="${documentId}"]`)
    .getByTestId('distribution-open')
    .click();
  await expect(page.getByTestId('pdf-viewer')).toHaveAttribute('data-state', 'ready', { timeout: 20_000 });
  await page.getByTestId('pdf-zoom-select').selectOption('1');
  await pageDrawn(page, MARKER.page);
  await expect(page.getByTestId('ann-toolbar')).toBeVisible();
}

/** Selects the text layer span that holds exactly `text` on page `n` (as a reader's drag would). */
export async function selectSpan(page: Page, n: number, text: string): Promise<void> {
  const span = page
    .locator(`.pdf-page[data-page-number="${n}"] .textLayer span`)
    .filter({ hasText: new RegExp(`^${text}$`) })
    .first();
  await span.waitFor();
  await span.evaluate((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const selection = window.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
  });
}

export const shot = screenshots('annotation', '/tmp/annotation-shots');

/**
 * Starts this spec file's annotation room before its first test and stops it after its last.
 * The returned object is the room: empty until `beforeAll` has run, so read it in tests only.
 */
export function annotationRoomForThisFile(options: AnnotationRoomOptions = {}): AnnotationRoom {
  const room = {} as AnnotationRoom;
  test.beforeAll(async ({ playwright }) => {
    test.setTimeout(120_000);
    Object.assign(room, await startAnnotationRoom(playwright, options));
  });
  test.afterAll(async () => {
    await room.server?.stop();
  });
  return room;
}

/**
 * The first delegate's second device (their second join code, a stock y-websocket client with
 * presence) writes `annotations` into their private layer of the test document, and waits until
 * the server has them all.
 */
export async function writeFromSecondDevice(
  request: APIRequestContext,
  room: AnnotationRoom,
  author: { readonly id: string },
  annotations: Annotation[],
): Promise<void> {
  const { token } = await roomApi<{ token: string }>(request, room.server.info.url, '', 'POST', '/join', {
    json: { code: room.codes.first[1], deviceLabel: 'máy thứ hai' },
  });
  const docName = formatDocName({
    kind: 'annotations',
    documentId: room.documentId,
    ownerId: author.id,
    layer: 'private',
  });
  const doc = new Y.Doc();
  const base = `${room.server.info.url.replace(/^http/, 'ws')}/yjs`;
  const provider = new WebsocketProvider(base, docName, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  // A second laptop has presence too.
  provider.awareness.setLocalState({ user: { name: 'thiết bị thứ hai' }, page: 1 });
  try {
    await new Promise<void>((resolve) => {
      if (provider.synced) resolve();
      else provider.once('sync', () => resolve());
    });
    doc.transact(() => {
      for (const a of annotations) writeAnnotation(doc, a, () => new Y.Map());
    });
    // Barrier: the server acknowledged every edit (our state is what it answered us with).
    await expect
      .poll(() => provider.wsconnected && provider.synced && doc.getMap(ANNOTATIONS_MAP).size, {
        timeout: 20_000,
      })
      .toBe(annotations.length);
    const check = new Y.Doc();
    const reader = new WebsocketProvider(base, docName, check, {
      params: { token },
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    try {
      await expect
        .poll(() => check.getMap(ANNOTATIONS_MAP).size, { timeout: 20_000 })
        .toBe(annotations.length);
    } finally {
      reader.destroy();
      check.destroy();
    }
  } finally {
    provider.destroy();
    doc.destroy();
  }
}
