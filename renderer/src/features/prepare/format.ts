import type { Role } from '#common/schemas/roles';

/** Order of roles in lists: the people who lead the meeting first. */
export const ROLE_ORDER: readonly Role[] = [
  'chair',
  'secretary',
  'delegate',
  'observer',
  'archivist',
  'secretariat',
];

/** Extensions the upload accepts: PDF, and office files the server converts with LibreOffice. */
export const ACCEPTED_EXTENSIONS = [
  '.pdf',
  '.doc',
  '.docx',
  '.odt',
  '.rtf',
  '.xls',
  '.xlsx',
  '.ods',
  '.ppt',
  '.pptx',
  '.odp',
] as const;

/** The `accept` attribute of the document file pickers. */
export const ACCEPT_ATTRIBUTE = [...ACCEPTED_EXTENSIONS, 'application/pdf'].join(',');

/** True when the file name ends in an extension the upload accepts. */
export function isAcceptedFileName(name: string): boolean {
  const lower = name.toLowerCase();
  return ACCEPTED_EXTENSIONS.some((extension) => lower.endsWith(extension));
}
