import type { FastifyInstance } from 'fastify';
import { ROUTES } from '#common/http/route-table';
import { minutesDocx } from '../../minutes/docx/minutes-docx';
import { meetingRecords } from '../../minutes/meeting-records';
import { minutesRecordsFile } from '../../minutes/minutes-records-file';
import type { RoomContext } from '../context';
import { type RegisterOptions, registerRoute } from '../register-route';
import { exportModel, requireExportReader } from './minutes-export-routes';

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** `attachment` with an ASCII name and the Vietnamese one (RFC 6266 `filename*`). */
function disposition(asciiName: string, name: string): string {
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name.normalize('NFC'))}`;
}

const fileNumber = (n: string | null) => (n ? ` ${n.replace(/\//g, '-')}` : ' (bản nháp)');

/**
 * The minutes as DOCX and as JSON with their records. Who may read them, and what a draft
 * shows, are the PDF's rules (`minutes-export-routes.ts`): one export model, one check.
 */
export function registerMinutesFileRoutes(
  app: FastifyInstance,
  ctx: RoomContext,
  opts: RegisterOptions,
): void {
  const published = (meetingId: string) => () => ctx.minutes.state(meetingId) === 'published';

  registerRoute(
    app,
    ROUTES.minutesDocx,
    async ({ actor, reply, params: { meetingId } }) => {
      ctx.meetings.get(meetingId);
      requireExportReader(actor, meetingId, published(meetingId));
      const model = await exportModel(ctx, meetingId);
      const bytes = await minutesDocx(model);
      return reply
        .type(DOCX_TYPE)
        .header(
          'Content-Disposition',
          disposition('bien-ban.docx', `Biên bản${fileNumber(model.registerNumber)}.docx`),
        )
        .header('Cache-Control', 'private, no-store')
        .send(Buffer.from(bytes));
    },
    opts,
  );

  registerRoute(
    app,
    ROUTES.minutesJson,
    async ({ actor, reply, params: { meetingId } }) => {
      const meeting = ctx.meetings.get(meetingId);
      requireExportReader(actor, meetingId, published(meetingId));
      const model = await exportModel(ctx, meetingId);
      const people = [...ctx.participants.listForMeeting(meetingId), ...ctx.participants.listStaff()];
      const names = new Map(people.map((p) => [p.id, p.name]));
      const records = meetingRecords(ctx, meeting, names);
      reply
        .header(
          'Content-Disposition',
          disposition('bien-ban.json', `Biên bản${fileNumber(model.registerNumber)}.json`),
        )
        .header('Cache-Control', 'private, no-store');
      return minutesRecordsFile(model, records, new Date());
    },
    opts,
  );
}
