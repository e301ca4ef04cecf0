import { addAgendaItem } from './agenda/add-agenda-item';
import { deleteAgendaItem } from './agenda/delete-agenda-item';
import { moveAgendaItem } from './agenda/move-agenda-item';
import { updateAgendaItem } from './agenda/update-agenda-item';
import { issueJoinCodes } from './access/issue-join-codes';
import { redeemJoinCode } from './access/redeem-join-code';
import { revokeDevice } from './access/revoke-device';
import type { AnyCommand } from './command';
import { addDocument } from './documents/add-document';
import { addDocumentVersion } from './documents/add-document-version';
import { deleteDocument } from './documents/delete-document';
import { purgeDocumentBytes } from './documents/purge-document-bytes';
import { recordDocumentOpen } from './documents/record-document-open';
import { setDocumentGrants } from './documents/set-document-grants';
import { updateDocument } from './documents/update-document';
import { createMeeting } from './meetings/create-meeting';
import { publishMeeting } from './meetings/publish-meeting';
import { updateMeeting } from './meetings/update-meeting';
import { addMinutesAddendum } from './minutes/add-addendum';
import { finaliseMinutes } from './minutes/finalise-minutes';
import { insertMinutesRecord } from './minutes/insert-record';
import { publishMinutes } from './minutes/publish-minutes';
import { draftConclusionNotice } from './conclusion-notice/draft-conclusion-notice';
import { issueConclusionNotice } from './conclusion-notice/issue-conclusion-notice';
import { addParticipant } from './participants/add-participant';
import { importParticipants } from './participants/import-participants';
import { moveParticipant } from './participants/move-participant';
import { removeParticipant } from './participants/remove-participant';
import { updateParticipant } from './participants/update-participant';
import { checkIn } from './attendance/check-in';
import { checkOut } from './attendance/check-out';
import { markAttendance } from './attendance/mark-attendance';
import { setProxy } from './attendance/set-proxy';
import { namePresenter } from './presenter/name-presenter';
import { sharePresenter } from './presenter/share-presenter';
import { stopPresenter } from './presenter/stop-presenter';
import { endSession } from './session/end-session';
import { pauseSession } from './session/pause-session';
import { resumeSession } from './session/resume-session';
import { setCurrentItem } from './session/set-current-item';
import { setSessionRules } from './session/set-session-rules';
import { startSession } from './session/start-session';
import { finishSpeaker } from './speakers/finish-speaker';
import { grantFloor } from './speakers/grant-floor';
import { moveSpeaker } from './speakers/move-speaker';
import { pauseSpeakerTimer } from './speakers/pause-speaker-timer';
import { rejectSpeaker } from './speakers/reject-speaker';
import { requestFloor } from './speakers/request-floor';
import { resumeSpeakerTimer } from './speakers/resume-speaker-timer';
import { withdrawFloor } from './speakers/withdraw-floor';
import { cancelVote } from './votes/cancel-vote';
import { castBallot } from './votes/cast-ballot';
import { closeVote } from './votes/close-vote';
import { createVote } from './votes/create-vote';
import { openVote } from './votes/open-vote';
import { rerunVote } from './votes/rerun-vote';
import { setVoteLabels } from './votes/set-vote-labels';

/** Every command of the room server, by its name (also its audit action). */
export const COMMANDS: readonly AnyCommand[] = [
  createMeeting,
  updateMeeting,
  publishMeeting,
  addAgendaItem,
  updateAgendaItem,
  moveAgendaItem,
  deleteAgendaItem,
  addParticipant,
  importParticipants,
  moveParticipant,
  updateParticipant,
  removeParticipant,
  issueJoinCodes,
  redeemJoinCode,
  revokeDevice,
  addDocument,
  addDocumentVersion,
  updateDocument,
  setDocumentGrants,
  deleteDocument,
  purgeDocumentBytes,
  recordDocumentOpen,
  startSession,
  pauseSession,
  resumeSession,
  endSession,
  setCurrentItem,
  setSessionRules,
  checkIn,
  checkOut,
  markAttendance,
  setProxy,
  requestFloor,
  withdrawFloor,
  moveSpeaker,
  grantFloor,
  rejectSpeaker,
  pauseSpeakerTimer,
  resumeSpeakerTimer,
  finishSpeaker,
  namePresenter,
  sharePresenter,
  stopPresenter,
  setVoteLabels,
  createVote,
  rerunVote,
  openVote,
  castBallot,
  closeVote,
  cancelVote,
  insertMinutesRecord,
  finaliseMinutes,
  addMinutesAddendum,
  publishMinutes,
  draftConclusionNotice,
  issueConclusionNotice,
];
