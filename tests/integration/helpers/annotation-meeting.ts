/**
 * The meeting the annotation-layer tests share: two delegates and a guest (another group), an
 * ordinary document every participant reads and a classified one granted to the delegates'
 * group only, published.
 */
import WebSocket from 'ws';
import { ROUTES } from '#common/http/route-table';
import { formatDocName } from '#common/protocol/doc-names';
import {
  type AnnotationLayerHandle,
  type AnnotationLayerName,
  type OpenAnnotationLayerOptions,
  openAnnotationLayer,
} from '../../../renderer/src/lib/yjs/annotation-layers';
import { onePagePdf } from './one-page-pdf';
import { expectOk, startTestRoom, type TestRoom, uploadPdf } from './test-room';

export interface Member {
  readonly id: string;
  readonly token: string;
  readonly name: string;
}

export interface AnnotationMeeting {
  readonly room: TestRoom;
  readonly meetingId: string;
  readonly an: Member;
  readonly binh: Member;
  readonly guest: Member;
  /** Read by everyone. */
  readonly docId: string;
  /** "Mật", granted to the group "Đại biểu" only: the guest cannot read it. */
  readonly secretId: string;
}

export const layerName = (documentId: string, ownerId: string, layer: 'private' | 'shared'): string =>
  formatDocName({ kind: 'annotations', documentId, ownerId, layer });

/**
 * `member`'s own layer of a document, opened as the viewer opens it (Node's `ws` for the socket
 * unless `more` names another, and whatever else `more` sets).
 */
export function openOwnLayer(
  server: string,
  member: Pick<Member, 'id' | 'token'>,
  documentId: string,
  layer: AnnotationLayerName,
  more: Partial<OpenAnnotationLayerOptions> = {},
): AnnotationLayerHandle {
  return openAnnotationLayer({
    server,
    token: member.token,
    documentId,
    ownerId: member.id,
    layer,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    ...more,
  });
}

/** `label` names the meeting and the PDFs' text, so two files' rooms never look alike. */
export async function startAnnotationMeeting(
  meetingTitle: string,
  label: string,
): Promise<AnnotationMeeting> {
  const room = await startTestRoom();
  const meetingId = await room.createMeeting(meetingTitle);
  const add = async (name: string, group: string): Promise<Member> => ({
    ...(await room.addMember(meetingId, 'delegate', { name, group })),
    name,
  });
  const an = await add('Nguyễn Văn An', 'Đại biểu');
  const binh = await add('Trần Thị Bình', 'Đại biểu');
  const guest = await add('Lê Khách Mời', 'Khách mời');
  const docId = (
    await uploadPdf(room, meetingId, onePagePdf(`${label} ordinary`), { fileName: 'to-trinh.pdf' })
  ).id;
  const secretId = (
    await uploadPdf(room, meetingId, onePagePdf(`${label} secret`), {
      fileName: 'mat.pdf',
      classification: 'mat',
    })
  ).id;
  expectOk(
    await room.call(ROUTES.putGrants, {
      token: room.staffToken,
      params: { documentId: secretId },
      body: { participantIds: [], groups: ['Đại biểu'] },
    }),
  );
  expectOk(await room.call(ROUTES.publishMeeting, { token: room.staffToken, params: { meetingId } }));
  return { room, meetingId, an, binh, guest, docId, secretId };
}
