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
import { setDocumentGrants } from './documents/set-document-grants';
import { updateDocument } from './documents/update-document';
import { createMeeting } from './meetings/create-meeting';
import { publishMeeting } from './meetings/publish-meeting';
import { updateMeeting } from './meetings/update-meeting';
import { addParticipant } from './participants/add-participant';
import { importParticipants } from './participants/import-participants';
import { moveParticipant } from './participants/move-participant';
import { removeParticipant } from './participants/remove-participant';
import { updateParticipant } from './participants/update-participant';

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
];
