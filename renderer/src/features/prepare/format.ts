import type { Role } from '#common/schemas/roles';
import { numberFormat } from '#common/intl/formats';

/** "1,2 MB", "350 kB": a file size in the UI language's number format. */
export function formatBytes(bytes: number, language: string): string {
  const units = ['B', 'kB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${numberFormat(language, { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}

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
