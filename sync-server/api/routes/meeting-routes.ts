import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { MeetingDetailResponse } from '#common/schemas/api';
import { IdSchema } from '#common/schemas/ids';
import type { PublishWarning } from '#common/schemas/meeting';
import {
  CreateAgendaItemRequestSchema,
  CreateMeetingRequestSchema,
  MoveAgendaItemRequestSchema,
  UpdateAgendaItemRequestSchema,
  UpdateMeetingRequestSchema,
} from '#common/schemas/meeting';
import { belongsToMeeting, isRoomStaff, requireManager } from '../../auth/access';
import { NotFoundError } from '../../store/errors';
import { workingDaysBetween } from '../../store/working-days';
import type { RoomContext } from '../context';
import { requireAuth } from '../context';
import { parseInput } from '../errors';

const MeetingParams = z.strictObject({ meetingId: IdSchema });
const ItemParams = z.strictObject({ itemId: IdSchema });

/** Meetings and their agenda. */
export function registerMeetingRoutes(app: FastifyInstance, ctx: RoomContext): void {
  app.get('/meetings', async (req) => {
    const { participant } = requireAuth(req);
    if (isRoomStaff(participant)) return { meetings: ctx.meetings.list() };
    const own = participant.meetingId ? ctx.meetings.find(participant.meetingId) : null;
    return { meetings: own ? [own] : [] };
  });

  app.post('/meetings', async (req, reply) => {
    const { participant } = requireAuth(req);
    requireManager(participant, null);
    const body = parseInput(CreateMeetingRequestSchema, req.body);
    const meeting = ctx.meetings.create(participant.id, body);
    ctx.live.meetingChanged(meeting, true);
    return reply.status(201).send({ meeting });
  });

  app.get('/meetings/:meetingId', async (req): Promise<MeetingDetailResponse> => {
    const { participant } = requireAuth(req);
    const { meetingId } = parseInput(MeetingParams, req.params);
    // Not 403: someone outside the meeting must not learn it exists.
    if (!belongsToMeeting(participant, meetingId)) throw new NotFoundError('meeting not found');
    const meeting = ctx.meetings.get(meetingId);
    return {
      meeting,
      agenda: ctx.meetings.agenda(meetingId),
      documents: ctx.documents.visibleTo(participant, meetingId),
    };
  });

  app.post('/meetings/:meetingId/agenda-items', async (req, reply) => {
    const { participant } = requireAuth(req);
    const { meetingId } = parseInput(MeetingParams, req.params);
    requireManager(participant, meetingId);
    const body = parseInput(CreateAgendaItemRequestSchema, req.body);
    const item = ctx.meetings.addAgendaItem(participant.id, meetingId, body);
    ctx.live.meetingChanged(ctx.meetings.get(meetingId), true);
    return reply.status(201).send({ item });
  });

  app.patch('/meetings/:meetingId', async (req) => {
    const { participant } = requireAuth(req);
    const { meetingId } = parseInput(MeetingParams, req.params);
    requireManager(participant, meetingId);
    const meeting = ctx.meetings.update(
      participant.id,
      meetingId,
      parseInput(UpdateMeetingRequestSchema, req.body),
    );
    ctx.live.meetingChanged(meeting, false);
    return { meeting };
  });

  app.post('/meetings/:meetingId/publish', async (req) => {
    const { participant } = requireAuth(req);
    const { meetingId } = parseInput(MeetingParams, req.params);
    requireManager(participant, meetingId);
    const meeting = ctx.meetings.publish(participant.id, meetingId);
    ctx.live.meetingChanged(meeting, true);
    ctx.live.documentsChanged(meetingId);
    const warnings: PublishWarning[] = [];
    const days = workingDaysBetween(new Date(), new Date(meeting.startsAt));
    if (days < meeting.leadTimeWorkingDays) {
      warnings.push({
        code: 'late_publication',
        message: `published ${days} working day(s) before the meeting; the rule is at least ${meeting.leadTimeWorkingDays}`,
      });
    }
    if (ctx.documents.visibleTo(participant, meetingId).length === 0) {
      warnings.push({ code: 'no_documents', message: 'the meeting has no documents yet' });
    }
    if (ctx.participants.listForMeeting(meetingId).length === 0) {
      warnings.push({ code: 'no_participants', message: 'the meeting has no participants yet' });
    }
    return { meeting, warnings };
  });

  app.patch('/agenda-items/:itemId', async (req) => {
    const { participant } = requireAuth(req);
    const { itemId } = parseInput(ItemParams, req.params);
    requireManager(participant, ctx.meetings.getAgendaItem(itemId).meetingId);
    const item = ctx.meetings.updateAgendaItem(
      participant.id,
      itemId,
      parseInput(UpdateAgendaItemRequestSchema, req.body),
    );
    ctx.live.meetingChanged(ctx.meetings.get(item.meetingId), true);
    return { item };
  });

  app.post('/agenda-items/:itemId/move', async (req) => {
    const { participant } = requireAuth(req);
    const { itemId } = parseInput(ItemParams, req.params);
    const meetingId = ctx.meetings.getAgendaItem(itemId).meetingId;
    requireManager(participant, meetingId);
    const agenda = ctx.meetings.moveAgendaItem(
      participant.id,
      itemId,
      parseInput(MoveAgendaItemRequestSchema, req.body),
    );
    ctx.live.meetingChanged(ctx.meetings.get(meetingId), true);
    return { agenda };
  });

  app.delete('/agenda-items/:itemId', async (req, reply) => {
    const { participant } = requireAuth(req);
    const { itemId } = parseInput(ItemParams, req.params);
    requireManager(participant, ctx.meetings.getAgendaItem(itemId).meetingId);
    const meetingId = ctx.meetings.deleteAgendaItem(participant.id, itemId);
    ctx.live.meetingChanged(ctx.meetings.get(meetingId), true);
    ctx.live.documentsChanged(meetingId);
    return reply.status(204).send();
  });
}
