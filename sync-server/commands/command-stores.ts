import type { WritableDB } from '../db/database';
import { AttendanceStore } from '../store/attendance-store';
import { AuthStore } from '../store/auth-store';
import { DocumentStore } from '../store/document-store';
import { MeetingStore } from '../store/meeting-store';
import { MinutesStore } from '../store/minutes-store';
import { ParticipantStore } from '../store/participant-store';
import { PresenterStore } from '../store/presenter-store';
import { SessionStore } from '../store/session-store';
import { SpeakerStore } from '../store/speaker-store';
import { VoteStore } from '../store/vote-store';
import type { CommandStores } from './command';

/**
 * Every store commands read and write, over one database: the room server and the tests that
 * run commands build them here, so a new store is added in one place.
 */
export function openCommandStores(db: WritableDB, roomSecret: Buffer): CommandStores {
  const participants = new ParticipantStore(db);
  return {
    meetings: new MeetingStore(db),
    participants,
    auth: new AuthStore(db, roomSecret, participants),
    documents: new DocumentStore(db),
    session: new SessionStore(db),
    attendance: new AttendanceStore(db),
    speakers: new SpeakerStore(db),
    votes: new VoteStore(db),
    presenter: new PresenterStore(db),
    minutes: new MinutesStore(db),
  };
}
