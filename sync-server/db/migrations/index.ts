import type { Migration } from '../migrate';
import { migration0010 } from './0010-initial';

/** Every room-server migration, oldest first. Never edit a shipped one: add the next number. */
export const ROOM_MIGRATIONS: readonly Migration[] = [migration0010];

/** The schema version this build writes. */
export const ROOM_SCHEMA_VERSION = ROOM_MIGRATIONS.at(-1)!.version;
