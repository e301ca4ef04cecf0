import type { LiveSectionName } from '#common/protocol/live-doc';

/** The live sections the session area writes (the votes area writes its own). */
export const ALL_SESSION_SECTIONS: readonly LiveSectionName[] = ['session', 'attendance', 'speakers'];
