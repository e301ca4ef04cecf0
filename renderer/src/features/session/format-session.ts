import { dateTimeFormat } from '#common/intl/formats';

/** "08:02" in the device's time zone (the room's, in practice): when a session started or paused. */
export function formatClockTime(iso: string, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return dateTimeFormat(language, {
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(date);
}
