import { z } from 'zod';

/** Roles a participant can hold in a meeting (see ARCHITECTURE.md, Security model). */
export const RoleSchema = z.enum(['secretariat', 'chair', 'secretary', 'delegate', 'observer', 'archivist']);
export type Role = z.infer<typeof RoleSchema>;

export const ROLES: readonly Role[] = RoleSchema.options;

/** Roles that may prepare and change a meeting. */
export const MANAGING_ROLES: readonly Role[] = ['secretariat'];

/** Roles that may read the minutes draft before publication. */
export const MINUTES_READERS: readonly Role[] = ['secretariat', 'chair', 'secretary'];

/** Roles that may write the minutes draft. */
export const MINUTES_WRITERS: readonly Role[] = ['secretary'];

/** Roles that may export the minutes (PDF, PDF/A, DOCX, JSON) at any state; everyone once published. */
export const MINUTES_EXPORT_READERS: readonly Role[] = ['chair', 'secretary', 'secretariat', 'archivist'];

/** Roles that draft and issue the conclusion notice: the chair, whose conclusions it states, and the secretariat. */
export const NOTICE_ISSUERS: readonly Role[] = ['chair', 'secretariat'];
