import type { Migration } from '../migrate';
import { migration0010 } from './0010-initial';
import { migration0020 } from './0020-documents-versions-search';
import { migration0030 } from './0030-meeting-end-and-zone';
import { migration0040 } from './0040-participant-protocol-order';
import { migration0050 } from './0050-session';
import { migration0060 } from './0060-votes';
import { migration0070 } from './0070-read-receipts';
import { migration0080 } from './0080-presenter';
import { migration0090 } from './0090-minutes';
import { migration0100 } from './0100-registers-notices';

/** Every room-server migration, oldest first. Never edit a shipped one: add the next number. */
export const ROOM_MIGRATIONS: readonly Migration[] = [
  migration0010,
  migration0020,
  migration0030,
  migration0040,
  migration0050,
  migration0060,
  migration0070,
  migration0080,
  migration0090,
  migration0100,
];

/** The schema version this build writes. */
export const ROOM_SCHEMA_VERSION = ROOM_MIGRATIONS.at(-1)!.version;
