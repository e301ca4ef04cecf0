import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '#common/http/route-table';
import { expectOk, startTestRoom, type TestRoom } from './helpers/test-room';

/**
 * Setting the type and grants of several documents at once (the prepare screen's "Sửa nhiều tài
 * liệu") goes through the ordinary commands, one per document: every document ends with the
 * type and grants chosen, and the audit log has one entry per document and change.
 */

async function pdfSaying(text: string): Promise<Uint8Array<ArrayBuffer>> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([595, 842]).drawText(text, { x: 60, y: 780, size: 12, font });
  return (await doc.save()) as Uint8Array<ArrayBuffer>;
}

let room: TestRoom;
beforeAll(async () => {
  room = await startTestRoom();
});
afterAll(async () => {
  await room?.destroy();
});

describe('editing several documents at once', { timeout: 30_000 }, () => {
  it('sets the type and the grants of each, with one audit entry per document', async () => {
    const meetingId = await room.createMeeting();
    const ids: string[] = [];
    for (const name of ['TAMReview', 'Phu-luc-1', 'Phu-luc-2']) {
      const uploaded = await room.call(ROUTES.uploadDocument, {
        token: room.staffToken,
        params: { meetingId },
        query: { fileName: `${name}.pdf`, classification: 'mat', noExport: 'true' },
        body: await pdfSaying(`Document ${name}`),
        headers: { 'content-type': 'application/octet-stream' },
      });
      const document = expectOk(uploaded, 201).document;
      expect(document.kind).toBe('other');
      ids.push(document.id);
    }

    // What the bulk bar sends for each selected document.
    for (const documentId of ids) {
      const updated = await room.call(ROUTES.updateDocument, {
        token: room.staffToken,
        params: { documentId },
        body: { kind: 'bao_cao' },
      });
      expect(expectOk(updated, 200).document.kind).toBe('bao_cao');
      const granted = await room.call(ROUTES.putGrants, {
        token: room.staffToken,
        params: { documentId },
        body: { groups: ['Thường trực'], participantIds: [] },
      });
      expect(expectOk(granted, 200)).toEqual({ groups: ['Thường trực'], participantIds: [] });
    }

    // Read back as stored, not from the answers above.
    for (const documentId of ids) {
      const detail = await room.call(ROUTES.getDocument, { token: room.staffToken, params: { documentId } });
      expect(expectOk(detail, 200).document.kind).toBe('bao_cao');
      const grants = await room.call(ROUTES.getGrants, { token: room.staffToken, params: { documentId } });
      expect(expectOk(grants, 200)).toEqual({ groups: ['Thường trực'], participantIds: [] });
    }

    const audit = room.server.context.db
      .prepare("SELECT action, payload FROM audit_log WHERE action IN ('document.update', 'document.grants')")
      .all() as { action: string; payload: string }[];
    const perDocument = (action: string) =>
      audit
        .filter((entry) => entry.action === action)
        .map((entry) => (JSON.parse(entry.payload) as { documentId: string }).documentId)
        .sort();
    expect(perDocument('document.update')).toEqual([...ids].sort());
    expect(perDocument('document.grants')).toEqual([...ids].sort());
  });
});
