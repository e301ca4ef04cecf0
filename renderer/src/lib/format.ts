import type { TFunction } from 'i18next';
import { DEFAULT_TIME_ZONE } from '#common/time/meeting-time';
import { dateTimeFormat, numberFormat } from '#common/intl/formats';

/**
 * Formats a time of a meeting on the meeting's clock, e.g. "08:00 thứ Hai, 05/01/2026", in the
 * UI language; a meeting outside Vietnam's zone has the zone named after the time.
 */
export function formatDateTime(iso: string, language: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return dateTimeFormat(language, {
    timeZone,
    weekday: 'long',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(timeZone === DEFAULT_TIME_ZONE ? {} : { timeZoneName: 'short' }),
  }).format(date);
}

/** Formats a planned duration: "45 phút", "1 giờ 30 phút". */
export function formatDuration(totalMinutes: number, t: TFunction): string {
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  if (hours === 0) return t('duration.minutes', { count: minutes });
  if (minutes === 0) return t('duration.hours', { count: hours });
  return t('duration.hoursMinutes', {
    hours: t('duration.hours', { count: hours }),
    minutes: t('duration.minutes', { count: minutes }),
  });
}

const UNITS = [
  { unit: 'byte', size: 1 },
  { unit: 'kilobyte', size: 1_000 },
  { unit: 'megabyte', size: 1_000_000 },
  { unit: 'gigabyte', size: 1_000_000_000 },
] as const;

/**
 * A file size, "1,2 MB" / "1.2 MB": decimal units, as file managers and network tools show them
 * (the secretariat's document list and the distribution panel alike).
 */
export function formatBytes(bytes: number, language: string): string {
  const value = Math.max(0, bytes);
  let chosen: (typeof UNITS)[number] = UNITS[0];
  for (const candidate of UNITS) if (value >= candidate.size) chosen = candidate;
  const amount = value / chosen.size;
  return numberFormat(language, {
    style: 'unit',
    unit: chosen.unit,
    unitDisplay: 'short',
    maximumFractionDigits: chosen.unit === 'byte' || amount >= 100 ? 0 : 1,
  }).format(amount);
}
