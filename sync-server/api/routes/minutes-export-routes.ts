import type { FastifyInstance, FastifyReply } from 'fastify';
import { minutesDocName } from '#common/protocol/doc-names';
import { ROUTES } from '#common/http/route-table';
import { because } from '#common/schemas/error-reasons';
import type { MinutesExportModel } from '#common/schemas/minutes-export';
import { MINUTES_EXPORT_READERS } from '#common/schemas/roles';
import { belongsToMeeting } from '../../auth/access';
import { draftConclusionNotice } from '../../commands/conclusion-notice/draft-conclusion-notice';
import { issueConclusionNotice } from '../../commands/conclusion-notice/issue-conclusion-notice';
import type { Actor } from '../../commands/command';
import { DomainError, NotFoundError, UnauthenticatedError } from '../../errors/domain-errors';
import { buildMinutesExportModel } from '../../minutes/minutes-export-model';
import { FontMissingError } from '../../pdf/fonts';
import { UnsupportedCharactersError } from '../../pdf/minutes/glyph-check';
import { renderMinutesPdf } from '../../pdf/minutes/minutes-pdf';
import { renderConclusionNoticePdf } from '../../pdf/minutes/notice-pdf';
import { readConclusionNotice } from '../../store/conclusion-notice-store';
import { listRegister } from '../../store/register-store';
import type { RoomContext } from '../context';
import { type RegisterOptions, registerRoute } from '../register-route';

/** Who reads the minutes' exports: the minutes' staff and the archivist always, delegates and observers once published. */
export function requireExportReader(actor: Actor, meetingId: string, published: () => boolean): void {
  if (actor.kind === 'system') return;
  if (actor.kind === 'anonymous') throw new UnauthenticatedError();
  if (!belongsToMeeting(actor.participant, meetingId)) throw new NotFoundError('meeting not found');
  if (MINUTES_EXPORT_READERS.includes(actor.participant.role) || published()) return;
  throw new DomainError(
    'forbidden',
    'the minutes are not published yet',
    undefined,
    because('minutes_export_forbidden'),
  );
}

/** The export model; a draft's text is read from the live minutes document first. */
export async function exportModel(ctx: RoomContext, meetingId: string): Promise<MinutesExportModel> {
  const draft = ctx.minutes.state(meetingId) === 'draft';
  const draftContent = draft ? await ctx.hub.readMinutes(minutesDocName(meetingId)) : undefined;
  return buildMinutesExportModel(ctx.db, meetingId, draftContent ? { draftContent } : {});
}

/**
 * A PDF made from the fonts; a missing font is the server's fault, said as such; characters
 * the font lacks are the text's, named so the secretary can replace them.
 */
async function pdfOf(make: () => Promise<Uint8Array>): Promise<Uint8Array> {
  try {
    return await make();
  } catch (err) {
    if (err instanceof UnsupportedCharactersError) {
      throw new DomainError(
        'bad_request',
        err.message,
        undefined,
        because('pdf_unsupported_characters', { chars: err.chars }),
      );
    }
    if (!(err instanceof FontMissingError)) throw err;
    throw new DomainError(
      'internal',
      err.message,
      undefined,
      because('pdf_font_missing', { file: err.file }),
    );
  }
}

function sendPdf(reply: FastifyReply, asciiName: string, name: string, bytes: Uint8Array): FastifyReply {
  return reply
    .type('application/pdf')
    .header(
      'Content-Disposition',
      `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name.normalize('NFC'))}`,
    )
    .header('Cache-Control', 'private, no-store')
    .send(Buffer.from(bytes));
}

const fileNumber = (n: string | null) => (n ? ` ${n.replace(/\//g, '-')}` : ' (bản nháp)');

/** Minutes PDF and PDF/A, the conclusion notice (view, draft, issue, PDF), the register. */
export function registerMinutesExportRoutes(
  app: FastifyInstance,
  ctx: RoomContext,
  opts: RegisterOptions,
): void {
  const published = (meetingId: string) => () => ctx.minutes.state(meetingId) === 'published';

  for (const [route, pdfa] of [
    [ROUTES.minutesPdf, false],
    [ROUTES.minutesPdfA, true],
  ] as const) {
    registerRoute(
      app,
      route,
      async ({ actor, reply, params: { meetingId } }) => {
        ctx.meetings.get(meetingId);
        requireExportReader(actor, meetingId, published(meetingId));
        const model = await exportModel(ctx, meetingId);
        const bytes = await pdfOf(() => renderMinutesPdf(model, { pdfa }));
        const suffix = pdfa ? ' PDF-A' : '';
        return sendPdf(
          reply,
          pdfa ? 'bien-ban-pdfa.pdf' : 'bien-ban.pdf',
          `Biên bản${fileNumber(model.registerNumber)}${suffix}.pdf`,
          bytes,
        );
      },
      opts,
    );
  }

  registerRoute(
    app,
    ROUTES.conclusionNoticePdf,
    async ({ actor, reply, params: { meetingId } }) => {
      ctx.meetings.get(meetingId);
      requireExportReader(actor, meetingId, published(meetingId));
      const notice = readConclusionNotice(ctx.db, meetingId, new Date());
      if (!notice) throw new NotFoundError('the conclusion notice is not drafted yet');
      const model = buildMinutesExportModel(ctx.db, meetingId);
      const bytes = await pdfOf(() => renderConclusionNoticePdf(model, notice));
      return sendPdf(
        reply,
        'thong-bao-ket-luan.pdf',
        `Thông báo kết luận${fileNumber(notice.status.registerNumber)}.pdf`,
        bytes,
      );
    },
    opts,
  );

  registerRoute(
    app,
    ROUTES.conclusionNotice,
    ({ actor, params: { meetingId } }) => {
      ctx.meetings.get(meetingId);
      requireExportReader(actor, meetingId, () => false);
      const now = new Date();
      const notice = readConclusionNotice(ctx.db, meetingId, now);
      return {
        status: notice?.status ?? buildMinutesExportModel(ctx.db, meetingId, { now }).conclusionNotice,
        notice,
      };
    },
    opts,
  );

  registerRoute(
    app,
    ROUTES.draftConclusionNotice,
    async ({ actor, params: { meetingId }, body }) => {
      ctx.meetings.get(meetingId);
      // Until the minutes are final, their conclusions are in the live document.
      const minutesBlocks =
        body.paragraphs === undefined && ctx.minutes.state(meetingId) === 'draft'
          ? (await ctx.hub.readMinutes(minutesDocName(meetingId))).blocks
          : undefined;
      const notice = ctx.commands.execute(draftConclusionNotice, actor, {
        meetingId,
        ...body,
        ...(minutesBlocks ? { minutesBlocks } : {}),
      });
      return { notice };
    },
    opts,
  );

  registerRoute(
    app,
    ROUTES.issueConclusionNotice,
    ({ actor, params: { meetingId } }) => ({
      notice: ctx.commands.execute(issueConclusionNotice, actor, { meetingId }),
    }),
    opts,
  );

  registerRoute(
    app,
    ROUTES.listRegister,
    ({ query }) => ({
      entries: listRegister(ctx.db, Number(query.year), query.classified === 'true'),
    }),
    opts,
  );
}
