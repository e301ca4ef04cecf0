import type { ArchiveExport, ArchiveHit, ArchiveMeeting, ArchiveVerifyResult } from '#common/schemas/archive';
import type { Meeting } from '#common/schemas/meeting';
import type { Participant } from '#common/schemas/participant';
import { queryPhrase } from '#common/search/phrase';
import { belongsToMeeting, isRoomStaff } from '../auth/access';
import type { ReadableDB } from '../db/database';
import { NotFoundError } from '../errors/domain-errors';
import { searchPages } from '../search/search-index';
import { searchText } from '../search/text-search';
import type { DocumentStore } from '../store/document-store';
import type { MeetingStore } from '../store/meeting-store';
import type { UpdateLog } from '../yjs/update-log';
import { type ArchiveExportJobs, verifyPackageFile } from './export-jobs';
import { type MinutesText, minutesStateOf, minutesTextOf } from './minutes-text';

export interface ArchiveDeskOptions {
  readonly db: ReadableDB;
  readonly meetings: MeetingStore;
  readonly documents: DocumentStore;
  readonly updateLog: UpdateLog;
  readonly jobs: ArchiveExportJobs;
  readonly now?: () => number;
}

/** Whether a meeting is over: its session was ended, or its end time has passed. */
export function isPastMeeting(meeting: Meeting, now: number): boolean {
  return meeting.status === 'ended' || Date.parse(meeting.endsAt) <= now;
}

/**
 * What the archive screen's routes ask of the room: the past meetings a caller may archive,
 * search over their minutes and documents, export jobs and verification. A caller archives the
 * meetings they belong to (room staff: every meeting), as every route of a meeting; the route
 * table lets only the secretariat and archivists in. Every document of such a meeting is
 * searched, whatever its grants: the package the archivist exports holds them all.
 */
export class ArchiveDesk {
  /** Minutes texts by meeting, rebuilt only when their key changes (see `minutesTextOf`). */
  private readonly minutesCache = new Map<string, MinutesText>();

  constructor(private readonly opts: ArchiveDeskOptions) {}

  private now(): number {
    return this.opts.now?.() ?? Date.now();
  }

  /** The past meetings this participant may archive, newest first. */
  private pastMeetingsOf(p: Participant): Meeting[] {
    const candidates = isRoomStaff(p)
      ? this.opts.meetings.list()
      : p.meetingId
        ? [this.opts.meetings.find(p.meetingId)].filter((m): m is Meeting => m !== null)
        : [];
    const now = this.now();
    return candidates
      .filter((m) => isPastMeeting(m, now))
      .sort((a, b) => b.startsAt.localeCompare(a.startsAt) || a.id.localeCompare(b.id));
  }

  /** The archivist's table. */
  pastMeetings(p: Participant): ArchiveMeeting[] {
    return this.pastMeetingsOf(p).map((meeting) => {
      const documents = this.opts.documents.inMeeting(meeting.id);
      return {
        meeting,
        minutesState: minutesStateOf(this.opts.db, meeting.id),
        documents: documents.length,
        pages: documents.reduce((sum, d) => sum + d.pageCount, 0),
        lastExport: this.opts.jobs.latest(meeting.id),
      };
    });
  }

  /**
   * Searches the past meetings' minutes (the final text, or the draft) and documents by the
   * meeting search's phrase rules. Meetings newest first; within one, its minutes first (the
   * record of what was decided), then its pages as the meeting search ranks them.
   */
  search(p: Participant, query: string, limit: number): ArchiveHit[] {
    const phrase = queryPhrase(query);
    if (phrase.syllables.length === 0) return [];
    const hits: ArchiveHit[] = [];
    for (const meeting of this.pastMeetingsOf(p)) {
      if (hits.length >= limit) break;
      const minutes = minutesTextOf(
        this.opts.db,
        this.opts.updateLog,
        meeting.id,
        this.minutesCache.get(meeting.id),
      );
      this.minutesCache.set(meeting.id, minutes);
      const inMinutes = searchText(minutes.text, phrase);
      if (inMinutes) {
        hits.push({
          meetingId: meeting.id,
          meetingTitle: meeting.title,
          source: 'minutes',
          documentId: null,
          title: null,
          version: null,
          page: null,
          snippet: inMinutes.snippet,
        });
      }
      const documents = this.opts.documents.inMeeting(meeting.id);
      const titles = new Map(documents.map((d) => [d.id, d.title]));
      const pages = searchPages(this.opts.db, {
        meetingId: meeting.id,
        query,
        limit: limit - hits.length,
        visibleDocumentIds: documents.map((d) => d.id),
      });
      for (const hit of pages) {
        if (hits.length >= limit) break;
        hits.push({
          meetingId: meeting.id,
          meetingTitle: meeting.title,
          source: 'document',
          documentId: hit.documentId,
          title: titles.get(hit.documentId) ?? '',
          version: hit.version,
          page: hit.page,
          snippet: hit.snippet,
        });
      }
    }
    return hits;
  }

  /** Whether the caller may archive this meeting (ended or not: the route says what an unfinished one gets). */
  private visible(p: Participant): (meetingId: string) => boolean {
    return (meetingId) => belongsToMeeting(p, meetingId);
  }

  startExport(p: Participant, meetingId: string): ArchiveExport {
    if (!this.visible(p)(meetingId) || !this.opts.meetings.find(meetingId)) {
      throw new NotFoundError('meeting not found');
    }
    return this.opts.jobs.start(meetingId);
  }

  exportJob(p: Participant, exportId: string): ArchiveExport {
    return this.opts.jobs.get(exportId, this.visible(p));
  }

  packageOf(p: Participant, exportId: string): { path: string; job: ArchiveExport } {
    return this.opts.jobs.packageOf(exportId, this.visible(p));
  }

  verifyExport(p: Participant, exportId: string): Promise<ArchiveVerifyResult> {
    return this.opts.jobs.verifyExport(exportId, this.visible(p));
  }

  /** Verifies a package file given by the caller (an upload on disk). */
  verifyFile(path: string): Promise<ArchiveVerifyResult> {
    return verifyPackageFile(path);
  }
}
